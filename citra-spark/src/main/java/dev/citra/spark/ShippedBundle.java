package dev.citra.spark;

import dev.citra.bundle.ModelBundle;
import dev.citra.bundle.ModelTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.SparkContext;

/**
 * A model bundle sent to the executors once, as one zip file through {@link SparkContext#addFile};
 * what tasks carry is only this small handle. The fingerprint (a SHA-256 of the bundle's files)
 * names the zip and keys the executors' cache, so a retrained bundle in the same folder is
 * shipped and loaded afresh, and the same bundle used twice is not.
 *
 * @param fingerprint hex SHA-256 over the bundle's relative file names and contents
 * @param fileName the zip's name among the context's added files
 */
record ShippedBundle(String fingerprint, String fileName) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Zips added per running context, so a bundle used in many calls is added once. */
    private static final Map<String, ShippedBundle> ADDED = new ConcurrentHashMap<>();

    /**
     * Zips a classification bundle (or a run folder's best one) and adds it to the context.
     *
     * @throws dev.citra.CitraException when the folder holds no bundle, or a bundle of another task
     */
    static ShippedBundle ship(SparkContext context, Path bundle) {
        Path dir = ModelBundle.resolve(bundle);
        ModelBundle.requireTask(dir, ModelTask.CLASSIFY);
        List<Path> files = filesOf(dir);
        String fingerprint = fingerprint(dir, files);
        return ADDED.computeIfAbsent(context.applicationId() + "/" + fingerprint, key -> {
            String name = "citra-bundle-" + fingerprint.substring(0, 16) + ".zip";
            try {
                Path zip = Files.createTempDirectory("citra-spark-").resolve(name);
                zip.toFile().deleteOnExit();
                zip.getParent().toFile().deleteOnExit();
                writeZip(dir, files, zip);
                context.addFile(zip.toUri().toString());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not pack the bundle " + dir + " for the executors", e);
            }
            return new ShippedBundle(fingerprint, name);
        });
    }

    private static List<Path> filesOf(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(dir::relativize).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the bundle " + dir, e);
        }
    }

    private static String fingerprint(Path dir, List<Path> files) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 16];
        for (Path file : files) {
            // The name and a separator go in too, so moving bytes between files changes the hash.
            sha.update(entryName(file).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            try (InputStream in = new DigestInputStream(Files.newInputStream(dir.resolve(file)), sha)) {
                while (in.read(buffer) >= 0) {
                    // the digest stream hashes what passes
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + dir.resolve(file), e);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void writeZip(Path dir, List<Path> files, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Path file : files) {
                z.putNextEntry(new ZipEntry(entryName(file)));
                Files.copy(dir.resolve(file), z);
                z.closeEntry();
            }
        }
    }

    private static String entryName(Path relative) {
        return relative.toString().replace(java.io.File.separatorChar, '/');
    }
}
