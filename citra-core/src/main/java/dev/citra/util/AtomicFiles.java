package dev.citra.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes files and directories so that a reader (or a process killed half-way) sees either the
 * old content or the new one, never a torn mix: write next to the target, then rename.
 */
public final class AtomicFiles {
    private static final String PREVIOUS_SUFFIX = ".previous";

    private AtomicFiles() {}

    /** Writes {@code bytes} to {@code target} through a temporary sibling and a rename. */
    public static void write(Path target, byte[] bytes) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            try {
                // Temp files are created private (0600); reports and bundles are meant to be shared.
                readableByAll(tmp);
                Files.write(tmp, bytes);
                move(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + target + ": " + e.getMessage(), e);
        }
    }

    /** Writes UTF-8 text atomically. */
    public static void writeString(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /**
     * Creates an empty staging directory beside {@code target}; fill it, then call
     * {@link #replaceDirectory(Path, Path)}.
     */
    public static Path stagingDirectory(Path target) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path staged = Files.createTempDirectory(dir, "." + target.getFileName() + ".");
            if (staged.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(staged, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            return staged;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a staging folder for " + target, e);
        }
    }

    /**
     * Puts a fully written {@code staged} directory in place of {@code target}. The old target
     * is first renamed to {@code target.previous}; if the process dies between the two renames,
     * {@link #recover(Path)} brings the previous one back.
     */
    public static void replaceDirectory(Path staged, Path target) {
        Path previous = target.resolveSibling(target.getFileName() + PREVIOUS_SUFFIX);
        try {
            deleteRecursively(previous);
            if (Files.exists(target)) {
                move(target, previous);
            }
            move(staged, target);
            deleteRecursively(previous);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not replace " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the directory to read for {@code target}: the target itself, or the previous
     * version left by an interrupted {@link #replaceDirectory(Path, Path)}, moved back in place.
     */
    public static Path recover(Path target) {
        Path previous = target.resolveSibling(target.getFileName() + PREVIOUS_SUFFIX);
        if (!Files.exists(target) && Files.isDirectory(previous)) {
            try {
                move(previous, target);
            } catch (IOException e) {
                return previous;
            }
        }
        return target;
    }

    /** Deletes a file or a directory tree; does nothing if it is absent. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Renames a fully written file or directory onto {@code to}, atomically where the file
     * system can, replacing what was there.
     */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
