package dev.citra.data;

import dev.citra.CitraException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The data a {@link DatasetFormat} is asked to recognise: a path and, for a folder or a zip, its
 * files, listed once, on first use, however many formats look at them.
 */
public final class DataInput {
    private final Path path;
    private final boolean csv;
    private DataFiles files;

    private DataInput(Path path, boolean csv) {
        this.path = path;
        this.csv = csv;
    }

    /**
     * The data at {@code path}: a CSV file as it is, a folder holding only a {@code .zip} (the
     * folder a download landed in) as that zip.
     *
     * @param fix what to pass instead, ending the message when the path does not exist
     */
    public static DataInput of(Path path, String fix) {
        if (isCsv(path)) {
            return new DataInput(path, true);
        }
        if (!Files.exists(path)) {
            throw new CitraException("Data path " + path + " does not exist: " + fix);
        }
        return new DataInput(zipInside(path), false);
    }

    public Path path() {
        return path;
    }

    /** Whether the path is one file to read as CSV: named {@code .csv}, or starting with the FER-2013 header. */
    public boolean isCsv() {
        return csv;
    }

    /** The files of the folder or zip (a CSV file has none to list). */
    public synchronized DataFiles files() {
        if (csv) {
            throw new IllegalStateException(path + " is a CSV file, not a folder or zip");
        }
        if (files == null) {
            files = DataFiles.open(path);
        }
        return files;
    }

    /** The one {@code .zip} of a folder that holds nothing else, or the path itself. */
    static Path zipInside(Path path) {
        if (!Files.isDirectory(path)) {
            return path;
        }
        try (Stream<Path> entries = Files.list(path)) {
            List<Path> visible = entries.filter(p -> !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().equals("__MACOSX")).toList();
            if (visible.size() == 1 && Files.isRegularFile(visible.get(0))
                    && visible.get(0).getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
                return visible.get(0);
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + path + ": " + e.getMessage(), e);
        }
    }

    private static boolean isCsv(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                || Fer2013CsvSource.isHeader(firstLine(path));
    }

    /** The first line, if the file starts like text; "" otherwise. */
    private static String firstLine(Path path) {
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.ISO_8859_1)) {
            char[] head = new char[200];
            int n = in.read(head);
            if (n <= 0) {
                return "";
            }
            String text = new String(head, 0, n);
            int eol = text.indexOf('\n');
            return eol < 0 ? "" : text.substring(0, eol);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path + ": " + e.getMessage(), e);
        }
    }
}
