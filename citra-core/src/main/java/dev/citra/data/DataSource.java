package dev.citra.data;

import dev.citra.CitraException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one entry point that opens a data set in whatever supported layout it comes in: a
 * FER-2013 CSV (a {@code .csv} file, or any file whose first line is the FER-2013 header), else
 * an image folder or {@code .zip} (one sub-folder per class, or a predefined
 * {@code train|val|test/<class>/} split; see {@link ImageFolderSource#load}).
 */
public final class DataSource {
    private DataSource() {}

    /** Opens the data set at {@code path}, detecting its format. */
    public static LoadedData open(Path path) {
        if (Files.isRegularFile(path)) {
            boolean csvName = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
            if (csvName || Fer2013CsvSource.isHeader(firstLine(path))) {
                return Fer2013CsvSource.open(path);
            }
        } else if (!Files.exists(path)) {
            throw new CitraException("Data path " + path + " does not exist: pass a folder, a .zip or a FER-2013 .csv.");
        }
        return ImageFolderSource.load(path);
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
