package dev.citra.data;

import dev.citra.CitraException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * One CelebA annotation file, read into the few columns a source needs. Both downloads are read:
 * the original {@code .txt} (line 1 the row count, line 2 the column names, then rows such as
 * {@code 000001.jpg -1  1  1 ...} with runs of spaces) and Kaggle's {@code .csv} (a header
 * {@code image_id,...}, then comma-separated rows). {@code list_eval_partition.txt} has no header
 * at all; its rows start straight with an image name.
 *
 * @param file the file as messages name it
 * @param columns every column name of the file, without the image-name column
 * @param rows the selected values of each row, by image file name
 */
record CelebATable(String file, List<String> columns, Map<String, CelebATable.Row> rows) {
    /** One row: where it is (for messages) and its selected values, in the order selected. */
    record Row(int line, int[] values) {}

    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

    /**
     * Reads {@code id} of {@code files}.
     *
     * @param headerless the column names of a file without a header line
     * @param select the indexes (into the column names) of the columns to keep; may throw a
     *     {@link CitraException} for a column that is not there
     * @param valid which values the kept columns may hold; {@code validText} says it in a message
     * @throws CitraException naming the file and line of a row with the wrong number of values or
     *     a value that is not a whole number {@code valid} accepts
     */
    static CelebATable read(DataFiles files, String id, List<String> headerless, Function<List<String>, int[]> select,
            IntPredicate valid, String validText) {
        String file = files.where(id);
        List<String> columns = null;
        int[] selected = null;
        Map<String, Row> rows = new HashMap<>();
        try (BufferedReader in = files.text(id)) {
            int lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                String[] tokens = SEPARATORS.split(text);
                if (columns == null) {
                    if (lineNo == 1 && tokens.length == 1 && text.chars().allMatch(Character::isDigit)) {
                        continue; // the row count of the .txt files
                    }
                    boolean header = !DataFiles.isImage(tokens[0]);
                    columns = header ? names(tokens) : headerless;
                    selected = select.apply(columns);
                    if (header) {
                        continue;
                    }
                }
                if (tokens.length != columns.size() + 1) {
                    throw bad(file, lineNo, "has " + tokens.length + " values, needs " + (columns.size() + 1)
                            + " (the image name and " + columns.size() + (columns.size() == 1 ? " column" : " columns") + ")");
                }
                int[] values = new int[selected.length];
                for (int k = 0; k < selected.length; k++) {
                    String token = tokens[selected[k] + 1];
                    try {
                        values[k] = Integer.parseInt(token);
                    } catch (NumberFormatException e) {
                        values[k] = Integer.MIN_VALUE;
                    }
                    if (values[k] == Integer.MIN_VALUE || !valid.test(values[k])) {
                        throw bad(file, lineNo, "has " + columns.get(selected[k]) + " '" + abbreviate(token)
                                + "', needs " + validText);
                    }
                }
                rows.putIfAbsent(tokens[0], new Row(lineNo, values));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
        if (columns == null) {
            throw new CitraException("CelebA file " + file + " is empty: use the file of the CelebA download.");
        }
        return new CelebATable(file, List.copyOf(columns), java.util.Collections.unmodifiableMap(rows));
    }

    /** A header's column names, without Kaggle's leading {@code image_id}. */
    private static List<String> names(String[] header) {
        List<String> names = new ArrayList<>(Arrays.asList(header));
        if (names.get(0).equalsIgnoreCase("image_id")) {
            names.remove(0);
        }
        return names;
    }

    /**
     * The row of {@code image}, which {@code listedIn} (line {@code line}) names.
     *
     * @throws CitraException when this file has no row for it
     */
    Row row(String image, String listedIn, int line) {
        Row r = rows.get(image);
        if (r == null) {
            throw new CitraException("CelebA file " + file + " has no row for " + image + ", which " + listedIn
                    + " lists on line " + line + ": use the annotation files of one and the same CelebA download.");
        }
        return r;
    }

    private static CitraException bad(String file, int lineNo, String problem) {
        return new CitraException("CelebA file " + file + ": line " + lineNo + " " + problem + ": fix or remove that row.");
    }

    private static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 17) + "...";
    }
}
