package dev.citra.data;

import dev.citra.CitraException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The FER-2013 challenge CSV ({@code emotion,pixels,Usage}): one 48×48 grey face a row, its
 * 2,304 pixels space-separated, row by row. Emotion 0–6 is the label, so the classes are, in
 * that order, angry, disgust, fear, happy, sad, surprise, neutral. {@code Usage} Training /
 * PublicTest / PrivateTest gives the predefined train / val / test parts; without a Usage column
 * (Kaggle's {@code train.csv}) there is no predefined split.
 *
 * <p>Sample ids are {@code <file name>#<line number>} ({@code fer2013.csv#17}; the header is
 * line 1); their source is a {@link GreyPixels}. The whole file is parsed up front (about 83 MB
 * of pixels for the full set), and any bad row fails the load with the file, line and problem.
 */
public final class Fer2013CsvSource {
    public static final List<String> CLASSES = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral");
    public static final int SIDE = 48;
    public static final int PIXELS = SIDE * SIDE;

    private Fer2013CsvSource() {}

    /** Whether a CSV header line (case and spaces ignored) names the FER-2013 columns. */
    public static boolean isHeader(String line) {
        List<String> cols = columns(line);
        return cols.contains("emotion") && cols.contains("pixels");
    }

    private static List<String> columns(String header) {
        List<String> cols = new ArrayList<>();
        for (String c : header.replace("\uFEFF", "").split(",", -1)) {
            cols.add(unquote(c).toLowerCase(Locale.ROOT));
        }
        return cols;
    }

    private static String unquote(String field) {
        String f = field.trim();
        return f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"") ? f.substring(1, f.length() - 1).trim() : f;
    }

    /**
     * Reads the CSV at {@code path}.
     *
     * @throws CitraException when the header lacks the emotion or pixels column, or a row is bad
     *     (wrong field count, emotion outside 0–6, not 2,304 pixels in 0–255, unknown Usage)
     */
    public static LoadedData open(Path path) {
        String file = path.getFileName().toString();
        List<Sample> all = new ArrayList<>();
        List<Sample> train = new ArrayList<>();
        List<Sample> val = new ArrayList<>();
        List<Sample> test = new ArrayList<>();
        boolean hasUsage;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !isHeader(header)) {
                throw new CitraException("CSV file " + path + " does not start with the FER-2013 header "
                        + "'emotion,pixels,Usage'" + (header == null ? " (it is empty)" : " (it starts with '"
                        + abbreviate(header) + "')") + ": pass a FER-2013 CSV or an image folder.");
            }
            List<String> cols = columns(header);
            int emotionCol = cols.indexOf("emotion");
            int pixelsCol = cols.indexOf("pixels");
            int usageCol = cols.indexOf("usage");
            hasUsage = usageCol >= 0;
            int lineNo = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length != cols.size()) {
                    throw bad(path, lineNo, "has " + fields.length + " fields, needs " + cols.size() + " (" + header.trim() + ")");
                }
                String emotion = unquote(fields[emotionCol]);
                int label = switch (emotion) {
                    case "0", "1", "2", "3", "4", "5", "6" -> emotion.charAt(0) - '0';
                    default -> throw bad(path, lineNo, "has emotion '" + abbreviate(emotion) + "', needs 0 to 6");
                };
                byte[] pixels = parsePixels(unquote(fields[pixelsCol]), path, lineNo);
                Sample s = new Sample(file + "#" + lineNo, label, new GreyPixels(SIDE, SIDE, pixels));
                all.add(s);
                if (hasUsage) {
                    String usage = unquote(fields[usageCol]);
                    switch (usage.toLowerCase(Locale.ROOT)) {
                        case "training" -> train.add(s);
                        case "publictest" -> val.add(s);
                        case "privatetest" -> test.add(s);
                        default -> throw bad(path, lineNo, "has Usage '" + abbreviate(usage)
                                + "', needs Training, PublicTest or PrivateTest");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path + ": " + e.getMessage(), e);
        }
        if (all.isEmpty()) {
            throw new CitraException("CSV file " + path + " has a header but no rows: pass the full FER-2013 CSV.");
        }
        ImageDataset ds = new ImageDataset(CLASSES, all);
        Optional<DatasetSplit> split = hasUsage
                ? Optional.of(new DatasetSplit(ds.withSamples(train), ds.withSamples(val), ds.withSamples(test)))
                : Optional.empty();
        return new LoadedData(DataFormat.FER2013_CSV.id(), ds, split, "the emotion column");
    }

    private static byte[] parsePixels(String text, Path path, int lineNo) {
        byte[] out = new byte[PIXELS];
        int n = 0;
        int i = 0;
        int len = text.length();
        while (i < len) {
            char c = text.charAt(i);
            if (c == ' ') {
                i++;
                continue;
            }
            int value = 0;
            int start = i;
            while (i < len && text.charAt(i) != ' ') {
                char d = text.charAt(i);
                if (d < '0' || d > '9' || i - start >= 3) {
                    int stop = text.indexOf(' ', start);
                    String token = text.substring(start, stop < 0 ? len : stop);
                    throw bad(path, lineNo, "has pixel " + (n + 1) + " '" + abbreviate(token) + "', needs a whole number 0 to 255");
                }
                value = value * 10 + (d - '0');
                i++;
            }
            if (value > 255) {
                throw bad(path, lineNo, "has pixel " + (n + 1) + " '" + value + "', needs a whole number 0 to 255");
            }
            if (n < PIXELS) {
                out[n] = (byte) value;
            }
            n++;
        }
        if (n != PIXELS) {
            throw bad(path, lineNo, "has " + n + " pixels, needs " + PIXELS);
        }
        return out;
    }

    private static CitraException bad(Path path, int lineNo, String problem) {
        return new CitraException("FER-2013 CSV " + path + ": line " + lineNo + " " + problem
                + ": fix or remove that row.");
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() <= 40 ? t : t.substring(0, 37) + "...";
    }
}
