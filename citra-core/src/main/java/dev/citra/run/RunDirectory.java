package dev.citra.run;

import dev.citra.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder {@code <out>/<task>/<name>/} where a run tells its whole story. A new run never
 * reuses an existing folder: {@code exp}, {@code exp2}, {@code exp3}, ... as Ultralytics does.
 */
public record RunDirectory(Path path) {
    public Path config() {
        return path.resolve("config.yaml");
    }

    public Path history() {
        return path.resolve("history.csv");
    }

    public Path log() {
        return path.resolve("log.txt");
    }

    public Path best() {
        return path.resolve("best");
    }

    public Path last() {
        return path.resolve("last");
    }

    public Path splits() {
        return path.resolve("splits");
    }

    /**
     * Puts back a checkpoint a killed process left half-replaced, then deletes what such a process
     * left behind: staging folders and temporary files (names starting with '.') and superseded
     * {@code .previous} folders, anywhere in the run folder.
     */
    public void removeLeftovers() {
        AtomicFiles.recover(best());
        AtomicFiles.recover(last());
        try (Stream<Path> entries = Files.walk(path)) {
            List<Path> stale = entries.filter(p -> !p.equals(path)).filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(".") || name.endsWith(".previous");
            }).toList();
            for (Path p : stale) {
                AtomicFiles.deleteRecursively(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not clean up " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether this run, or a run inside it (a comparison's models under {@code <task>/<model>}),
     * has written a checkpoint: a folder worth keeping when the run fails.
     */
    public boolean holdsCheckpoints() {
        if (Files.exists(best()) || Files.exists(last())) {
            return true;
        }
        try (Stream<Path> entries = Files.walk(path, 3)) {
            return entries.anyMatch(p -> Files.isDirectory(p) && !p.equals(path)
                    && (p.getFileName().toString().equals("best") || p.getFileName().toString().equals("last")));
        } catch (IOException e) {
            return true; // when in doubt, keep it
        }
    }

    /** Creates a fresh run folder, adding a number to {@code name} if it is taken. */
    public static RunDirectory create(Path out, String task, String name) {
        Path parent = out.resolve(task);
        String base = name == null || name.isBlank() ? "exp" : name;
        try {
            Files.createDirectories(parent);
            for (int i = 1; ; i++) {
                Path candidate = parent.resolve(i == 1 ? base : base + i);
                try {
                    Files.createDirectory(candidate);
                    return new RunDirectory(candidate);
                } catch (FileAlreadyExistsException taken) {
                    // try the next number
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a run folder under " + parent + ": " + e.getMessage(), e);
        }
    }
}
