package dev.citra.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a caption data set holds, before a captioner trains on it.
 *
 * @param format the detected format ({@link CaptionDataset#format()})
 * @param images images found (with captions)
 * @param captions captions of those images
 * @param perImage captions per image
 * @param parts images and captions per part: the predefined split, else the seeded split a
 *     captioner would use
 * @param predefinedSplit whether the parts come from the data set's split files
 * @param words words per caption
 * @param topWords the most frequent words (lower case), most frequent first, ties by word
 * @param missing images the caption file lists but the image folder lacks
 */
public record CaptionInspection(String format, int images, int captions, Stats perImage, List<Part> parts,
        boolean predefinedSplit, Stats words, List<WordCount> topWords, List<SkippedFile> missing) {
    public CaptionInspection {
        parts = List.copyOf(parts);
        topWords = List.copyOf(topWords);
        missing = List.copyOf(missing);
    }

    /** One part of the split. */
    public record Part(String name, int images, int captions) {}

    /** Minimum, mean, median and maximum of a count. */
    public record Stats(int min, double mean, int median, int max) {
        static Stats of(int[] values) {
            if (values.length == 0) {
                return new Stats(0, 0, 0, 0);
            }
            int[] v = values.clone();
            Arrays.sort(v);
            return new Stats(v[0], Arrays.stream(v).average().orElse(0), v[(v.length - 1) / 2], v[v.length - 1]);
        }
    }

    /** A word and how often the captions use it. */
    public record WordCount(String word, int count) {}

    // Letters and digits, with an inner apostrophe ("don't"); punctuation and the lone "." of Flickr8k are no words.
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}]+)?");

    /** The words of a caption, lower case, as {@link #words()} and {@link #topWords()} count them. */
    public static List<String> words(String caption) {
        List<String> out = new ArrayList<>();
        var m = WORD.matcher(caption.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /**
     * Inspects {@code ds}; without a predefined split the parts are {@link CaptionDataset#split}
     * with {@code valFraction} and {@code seed}.
     */
    public static CaptionInspection inspect(CaptionDataset ds, double valFraction, long seed, int topWords) {
        int[] perImage = new int[ds.size()];
        List<Integer> lengths = new ArrayList<>();
        Map<String, Integer> frequency = new HashMap<>();
        for (int i = 0; i < ds.size(); i++) {
            List<String> captions = ds.samples().get(i).captions();
            perImage[i] = captions.size();
            for (String c : captions) {
                List<String> words = words(c);
                lengths.add(words.size());
                words.forEach(w -> frequency.merge(w, 1, Integer::sum));
            }
        }
        CaptionDataset.Parts split = ds.split(valFraction, seed);
        List<Part> parts = new ArrayList<>();
        addPart(parts, "train", split.train());
        addPart(parts, "val", split.val());
        addPart(parts, "test", split.test());
        List<WordCount> top = frequency.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(topWords).map(e -> new WordCount(e.getKey(), e.getValue())).toList();
        return new CaptionInspection(ds.format(), ds.size(), lengths.size(), Stats.of(perImage), parts,
                ds.predefined().isPresent(), Stats.of(lengths.stream().mapToInt(Integer::intValue).toArray()), top,
                ds.missing().stream().sorted(Comparator.comparing(SkippedFile::id)).toList());
    }

    private static void addPart(List<Part> parts, String name, List<CaptionSample> samples) {
        if (!samples.isEmpty()) {
            parts.add(new Part(name, samples.size(), samples.stream().mapToInt(s -> s.captions().size()).sum()));
        }
    }
}
