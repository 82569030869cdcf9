package dev.citra.data;

import dev.citra.CitraException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flickr8k captions, in both layouts users download:
 * <ul>
 *   <li>the original: {@code Flickr8k.token.txt} ({@code 1000268201_693b08cb0e.jpg#0<TAB>A child ...},
 *       five lines an image) with the split files {@code Flickr_8k.trainImages.txt},
 *       {@code Flickr_8k.devImages.txt} and {@code Flickr_8k.testImages.txt} (one image name a
 *       line: the predefined split), usually in {@code Flickr8k_text/}, and the images in
 *       {@code Flicker8k_Dataset/} (sic) or {@code Images/};</li>
 *   <li>Kaggle's: one {@code captions.txt} CSV with the header {@code image,caption} (a caption
 *       with commas is quoted) and the images in {@code Images/}.</li>
 * </ul>
 * The files may sit inside one wrapping folder. Images a caption file lists but the image folder
 * lacks are reported in {@link CaptionDataset#missing()}, not fatal. Captions are kept as written.
 */
public final class Flickr8kSource {
    public static final String TOKENS = "Flickr8k.token.txt";
    public static final String CAPTIONS_CSV = "captions.txt";
    public static final Set<String> IMAGE_FOLDERS = Set.of("Flicker8k_Dataset", "Flickr8k_Dataset", "Images");
    private static final String[] SPLIT_FILES = {
        "Flickr_8k.trainImages.txt", "Flickr_8k.devImages.txt", "Flickr_8k.testImages.txt"
    };
    private static final String CSV_HEADER = "image,caption";

    private Flickr8kSource() {}

    /** The caption file of a Flickr8k layout in {@code files}, if it has one. */
    public static Optional<String> captionFile(DataFiles files) {
        Optional<String> tokens = files.find(2, TOKENS);
        if (tokens.isPresent()) {
            return tokens;
        }
        return files.find(1, CAPTIONS_CSV).filter(id -> firstLine(files, id).equalsIgnoreCase(CSV_HEADER));
    }

    /**
     * Reads the Flickr8k layout in {@code files}.
     *
     * @throws CitraException when there is no caption file, a caption line is malformed (naming
     *     the file and line), or none of the listed images is in the image folder
     */
    public static CaptionDataset load(DataFiles files) {
        String captionId = captionFile(files).orElseThrow(() -> new CitraException("Data path " + files.path()
                + " has neither " + TOKENS + " nor a " + CAPTIONS_CSV + " with the header '" + CSV_HEADER
                + "': expected " + DataFormat.FLICKR8K.description() + "."));
        boolean kaggle = !DataFiles.fileName(captionId).equalsIgnoreCase(TOKENS);
        // Image name -> captions, and the line each image is first listed on (for messages).
        Map<String, List<String>> captions = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        String where = files.where(captionId);
        try (BufferedReader in = files.text(captionId)) {
            int lineNo = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank() || (kaggle && lineNo == 1)) {
                    continue;
                }
                String[] pair = kaggle ? csvPair(line, where, lineNo) : tokenPair(line, where, lineNo);
                captions.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
                firstLine.putIfAbsent(pair[0], lineNo);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + where + ": " + e.getMessage(), e);
        }

        Map<String, String> images = files.imagesIn(IMAGE_FOLDERS);
        String captionName = DataFiles.fileName(captionId);
        List<CaptionSample> samples = new ArrayList<>();
        List<SkippedFile> missing = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : captions.entrySet()) {
            String id = images.get(e.getKey());
            if (id == null) {
                missing.add(new SkippedFile(e.getKey(), "listed in " + captionName + " (line "
                        + firstLine.get(e.getKey()) + ") but not in the image folder"));
            } else {
                samples.add(new CaptionSample(id, e.getValue(), files.files().get(id)));
            }
        }
        if (samples.isEmpty()) {
            throw new CitraException("None of the " + captions.size() + " images " + captionName + " lists is in "
                    + String.join("/, ", IMAGE_FOLDERS) + "/ of " + files.path()
                    + ": unpack the Flickr8k images beside the caption file.");
        }
        samples.sort(Comparator.comparing(CaptionSample::id));
        return new CaptionDataset(kaggle ? "flickr8k-kaggle" : "flickr8k", samples, predefined(files, samples),
                missing);
    }

    /** The parts the split files name, when at least one of them is there. */
    private static Optional<CaptionDataset.Parts> predefined(DataFiles files, List<CaptionSample> samples) {
        List<Set<String>> listed = new ArrayList<>();
        boolean any = false;
        for (String name : SPLIT_FILES) {
            Set<String> names = new HashSet<>();
            Optional<String> id = files.find(2, name);
            if (id.isPresent()) {
                any = true;
                try (BufferedReader in = files.text(id.get())) {
                    in.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(names::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not read " + files.where(id.get()) + ": " + e.getMessage(), e);
                }
            }
            listed.add(names);
        }
        if (!any) {
            return Optional.empty();
        }
        List<List<CaptionSample>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (CaptionSample s : samples) {
            for (int p = 0; p < 3; p++) {
                if (listed.get(p).contains(s.image())) {
                    parts.get(p).add(s);
                    break;
                }
            }
        }
        return Optional.of(new CaptionDataset.Parts(parts.get(0), parts.get(1), parts.get(2)));
    }

    /** {@code 1000268201_693b08cb0e.jpg#0<TAB>caption} as image name and caption. */
    private static String[] tokenPair(String line, String where, int lineNo) {
        int tab = line.indexOf('\t');
        int hash = tab < 0 ? -1 : line.lastIndexOf('#', tab);
        if (tab < 0 || hash <= 0) {
            throw bad(where, lineNo, "is not '<image>#<n><TAB><caption>'");
        }
        return new String[] {line.substring(0, hash).strip(), line.substring(tab + 1).strip()};
    }

    /** An {@code image,caption} CSV record (the caption quoted when it holds commas or quotes). */
    private static String[] csvPair(String line, String where, int lineNo) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                field.setLength(0);
            } else if (c == ',' && fields.isEmpty()) {
                // Only the first comma separates: an unquoted caption may hold more.
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw bad(where, lineNo, "has a quote that is never closed");
        }
        fields.add(field.toString());
        if (fields.size() != 2 || fields.get(0).isBlank()) {
            throw bad(where, lineNo, "is not 'image,caption'");
        }
        return new String[] {fields.get(0).strip(), fields.get(1).strip()};
    }

    private static CitraException bad(String where, int lineNo, String problem) {
        return new CitraException("Caption file " + where + ": line " + lineNo + " " + problem + ": fix or remove that line.");
    }

    private static String firstLine(DataFiles files, String id) {
        try (BufferedReader in = files.text(id)) {
            String line = in.readLine();
            return line == null ? "" : line.strip().replace(" ", "");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + files.where(id) + ": " + e.getMessage(), e);
        }
    }
}
