package dev.citra.data;

import dev.citra.image.CorruptImageException;
import dev.citra.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a data set holds, before training on it: class counts per part, image sizes over a
 * sample, unreadable files, exact duplicates (and those that leak across predefined splits) and
 * class imbalance.
 *
 * @param format the detected format ({@link LoadedData#format()})
 * @param labels where the labels come from ({@link LoadedData#labels()})
 * @param classes the class names
 * @param images number of images listed
 * @param parts class counts per part: {@code train}, {@code val}, {@code test} (non-empty ones)
 *     for a predefined split, else one part {@code all}
 * @param sizes image size statistics over a sample of decoded images
 * @param problems files that could not be used, with the reason: those skipped while listing,
 *     those that failed to decode in the sample, and those that could not be read while hashing
 * @param duplicates groups of files with identical bytes (SHA-256), ordered by first id
 * @param imbalance largest over smallest class count (over all images; infinite if a class is empty)
 */
public record DatasetInspection(String format, String labels, List<String> classes, int images, List<PartCounts> parts,
        SizeStats sizes, List<SkippedFile> problems, List<DuplicateGroup> duplicates, Imbalance imbalance) {
    public DatasetInspection {
        classes = List.copyOf(classes);
        parts = List.copyOf(parts);
        problems = List.copyOf(problems);
        duplicates = List.copyOf(duplicates);
    }

    /** Images per class (indexed like the classes) in one part. */
    public record PartCounts(String part, List<Integer> counts) {
        public PartCounts {
            counts = List.copyOf(counts);
        }

        public int total() {
            return counts.stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * Sizes of the decoded images of a sample (evenly spaced over the data set in id order).
     *
     * @param sampled images in the sample
     * @param decoded images of the sample that decoded
     * @param channels channel counts seen after decoding (1 grey, 3 colour)
     */
    public record SizeStats(int sampled, int decoded, int minWidth, int medianWidth, int maxWidth, int minHeight,
            int medianHeight, int maxHeight, List<Integer> channels) {
        public SizeStats {
            channels = List.copyOf(channels);
        }
    }

    /**
     * Files with the same bytes.
     *
     * @param sha256 hex SHA-256 of the bytes (of the pixels for a CSV data set)
     * @param ids the files, sorted
     * @param parts the parts they are in (train/val/test, or all), in that order
     * @param classes the distinct classes they are labelled with, in class order
     */
    public record DuplicateGroup(String sha256, List<String> ids, List<String> parts, List<String> classes) {
        public DuplicateGroup {
            ids = List.copyOf(ids);
            parts = List.copyOf(parts);
            classes = List.copyOf(classes);
        }

        /** Whether the copies sit in different predefined parts: evaluation sees training images. */
        public boolean crossesSplits() {
            return parts.size() > 1;
        }

        /** Whether the copies carry different labels. */
        public boolean conflictingLabels() {
            return classes.size() > 1;
        }
    }

    /** Largest over smallest class count, with the classes. */
    public record Imbalance(double ratio, String largest, int largestCount, String smallest, int smallestCount) {}

    /** Duplicate groups that cross predefined splits. */
    public List<DuplicateGroup> leaks() {
        return duplicates.stream().filter(DuplicateGroup::crossesSplits).toList();
    }

    /** Whether the counts are of a predefined split (rather than one part {@code all}). */
    public boolean predefinedSplit() {
        return !(parts.size() == 1 && parts.get(0).part().equals("all"));
    }

    /**
     * Inspects {@code loaded}: reads and hashes every file once, and decodes at most
     * {@code sampleLimit} of them (evenly spaced) for the size statistics.
     */
    public static DatasetInspection inspect(LoadedData loaded, int sampleLimit) {
        if (sampleLimit < 1) {
            throw new IllegalArgumentException("sampleLimit must be positive, not " + sampleLimit);
        }
        ImageDataset ds = loaded.dataset();
        List<String> classes = ds.classes();
        Map<String, String> partOf = new HashMap<>();
        List<PartCounts> parts = new ArrayList<>();
        if (loaded.predefined().isPresent()) {
            DatasetSplit split = loaded.predefined().get();
            addPart(parts, partOf, "train", split.train());
            addPart(parts, partOf, "val", split.val());
            addPart(parts, partOf, "test", split.test());
        } else {
            addPart(parts, partOf, "all", ds);
        }

        List<Sample> samples = ds.samples();
        int n = samples.size();
        boolean[] inSample = new boolean[n];
        int sampled = Math.min(n, sampleLimit);
        for (int k = 0; k < sampled; k++) {
            inSample[(int) ((long) k * n / sampled)] = true;
        }

        List<SkippedFile> problems = new ArrayList<>(ds.skipped());
        Map<String, List<Sample>> byHash = new LinkedHashMap<>();
        List<int[]> sizes = new ArrayList<>();
        TreeSet<Integer> channels = new TreeSet<>();
        ImageDecoder decoder = new ImageDecoder();
        MessageDigest sha = DecodedImages.sha256();
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            try {
                if (s.source() instanceof GreyPixels grey) {
                    byHash.computeIfAbsent(hex.formatHex(sha.digest(grey.pixels())), h -> new ArrayList<>()).add(s);
                    if (inSample[i]) {
                        sizes.add(new int[] {grey.width(), grey.height()});
                        channels.add(1);
                    }
                    continue;
                }
                byte[] bytes = s.source().read();
                byHash.computeIfAbsent(hex.formatHex(sha.digest(bytes)), h -> new ArrayList<>()).add(s);
                if (inSample[i]) {
                    BufferedImage img = decoder.decode(bytes);
                    sizes.add(new int[] {img.getWidth(), img.getHeight()});
                    channels.add(img.getRaster().getNumBands());
                }
            } catch (CorruptImageException e) {
                problems.add(new SkippedFile(s.id(), e.reason()));
            } catch (IOException e) {
                problems.add(new SkippedFile(s.id(), "could not be read (" + e.getMessage() + ")"));
            }
        }
        problems.sort(Comparator.comparing(SkippedFile::id));

        List<DuplicateGroup> duplicates = new ArrayList<>();
        for (Map.Entry<String, List<Sample>> e : byHash.entrySet()) {
            if (e.getValue().size() < 2) {
                continue;
            }
            List<Sample> group = new ArrayList<>(e.getValue());
            group.sort(Comparator.comparing(Sample::id));
            List<String> groupParts = new ArrayList<>();
            for (String p : List.of("train", "val", "test", "all")) {
                if (group.stream().anyMatch(s -> p.equals(partOf.get(s.id())))) {
                    groupParts.add(p);
                }
            }
            List<String> groupClasses = group.stream().mapToInt(Sample::label).distinct().sorted()
                    .mapToObj(classes::get).toList();
            duplicates.add(new DuplicateGroup(e.getKey(), group.stream().map(Sample::id).toList(), groupParts,
                    groupClasses));
        }
        duplicates.sort(Comparator.comparing(g -> g.ids().get(0)));

        return new DatasetInspection(loaded.format(), loaded.labels(), classes, n, parts, sizeStats(sampled, sizes, channels),
                problems, duplicates, imbalance(classes, ds.classCounts()));
    }

    private static void addPart(List<PartCounts> parts, Map<String, String> partOf, String name, ImageDataset part) {
        if (part.size() == 0) {
            return;
        }
        part.samples().forEach(s -> partOf.put(s.id(), name));
        parts.add(new PartCounts(name, Arrays.stream(part.classCounts()).boxed().toList()));
    }

    private static SizeStats sizeStats(int sampled, List<int[]> sizes, TreeSet<Integer> channels) {
        if (sizes.isEmpty()) {
            return new SizeStats(sampled, 0, 0, 0, 0, 0, 0, 0, List.of());
        }
        int[] w = sizes.stream().mapToInt(s -> s[0]).sorted().toArray();
        int[] h = sizes.stream().mapToInt(s -> s[1]).sorted().toArray();
        int mid = (w.length - 1) / 2;
        return new SizeStats(sampled, w.length, w[0], w[mid], w[w.length - 1], h[0], h[mid], h[h.length - 1],
                List.copyOf(channels));
    }

    private static Imbalance imbalance(List<String> classes, int[] counts) {
        int max = 0;
        for (int c = 1; c < counts.length; c++) {
            if (counts[c] > counts[max]) {
                max = c;
            }
        }
        // The first smallest class, but another class than the largest when all are equal.
        int min = counts.length > 1 && max == 0 ? 1 : 0;
        for (int c = 0; c < counts.length; c++) {
            if (c != max && counts[c] < counts[min]) {
                min = c;
            }
        }
        if (counts.length == 0) {
            return new Imbalance(Double.NaN, "", 0, "", 0);
        }
        double ratio = counts[min] == 0 ? Double.POSITIVE_INFINITY : (double) counts[max] / counts[min];
        return new Imbalance(ratio, classes.get(max), counts[max], classes.get(min), counts[min]);
    }
}
