package dev.citra.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes generated data sets to disk as users would have them: a folder, or a zip. */
final class TestFiles {
    private TestFiles() {}

    /** Writes each file (path relative to {@code root} -> bytes) below {@code root}. */
    static Path folder(Path root, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(root);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        return root;
    }

    /** Writes each named file below {@code root}, its content naming it (for layouts that only list files). */
    static Path named(Path root, String... files) throws IOException {
        Map<String, byte[]> content = new java.util.LinkedHashMap<>();
        for (String f : files) {
            content.put(f, ("content of " + f).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return folder(root, content);
    }

    /** Writes each file (entry name -> bytes) into a new zip at {@code zip}. */
    static Path zip(Path zip, Map<String, byte[]> files) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                out.putNextEntry(new ZipEntry(f.getKey()));
                out.write(f.getValue());
                out.closeEntry();
            }
        }
        return zip;
    }
}
