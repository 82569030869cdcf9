package dev.citra.data;

import dev.citra.image.CorruptImageException;
import dev.citra.image.GaussianBlur;
import dev.citra.image.ImageDecoder;
import dev.citra.image.ImagePreprocessor;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
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
 * @param quality sharpness and contrast of each part's sampled images
 */
public record DatasetInspection(String format, String labels, List<String> classes, int images, List<PartCounts> parts,
        SizeStats sizes, List<SkippedFile> problems, List<DuplicateGroup> duplicates, Imbalance imbalance,
        List<PartQuality> quality) {
    /** Training and test images whose sharpness differs by this factor or more are not the same kind of image. */
    static final double SHIFT_FACTOR = 2;

    public DatasetInspection {
        classes = List.copyOf(classes);
        parts = List.copyOf(parts);
        problems = List.copyOf(problems);
        duplicates = List.copyOf(duplicates);
        quality = List.copyOf(quality);
    }

    /**
     * What the sampled images of one part look like, measured on a 48×48 grey copy of each (so that
     * parts of different sizes compare): medians over the part.
     *
     * @param sharpness mean absolute difference of neighbouring pixels, in grey levels (0–255)
     * @param contrast standard deviation of the pixels, in grey levels
     * @param blurredSharpness the sharpness after a Gaussian blur of each of {@link #BLUR_LADDER}'s sigmas
     */
    public record PartQuality(String part, int images, double sharpness, double contrast,
            List<Double> blurredSharpness) {
        public PartQuality {
            blurredSharpness = List.copyOf(blurredSharpness);
        }
    }

    /** The blurs tried on each sampled image, in pixels of its 48×48 copy, to suggest a {@code predict_blur}. */
    static final double[] BLUR_LADDER = {0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 8, 10};

    /**
     * One sentence when the training part's images are much blurrier or sharper than the test part's
     * (or the validation part's when there is no test part): a model trained on one kind does not
     * transfer to the other, whatever the recipe. Empty when they match or cannot be compared.
     */
    public Optional<String> qualityShift() {
        Optional<PartQuality> train = quality.stream().filter(q -> q.part().equals("train")).findFirst();
        Optional<PartQuality> held = quality.stream().filter(q -> q.part().equals("test")).findFirst()
                .or(() -> quality.stream().filter(q -> q.part().equals("val")).findFirst());
        if (train.isEmpty() || held.isEmpty() || train.get().images() < 5 || held.get().images() < 5) {
            return Optional.empty();
        }
        PartQuality a = train.get();
        PartQuality b = held.get();
        double ratio = Math.max(a.sharpness(), b.sharpness()) / Math.max(1e-9, Math.min(a.sharpness(), b.sharpness()));
        if (ratio < SHIFT_FACTOR) {
            return Optional.empty();
        }
        boolean blurrier = a.sharpness() < b.sharpness();
        String fix = "";
        OptionalDouble sigma = matchingBlur(a, b);
        if (blurrier && sigma.isPresent()) {
            fix = String.format(Locale.ROOT, ", or train with --predict-blur %s (at --img-size 48; scale it with the"
                    + " size), which softens every image the trained model is shown to the training images' sharpness",
                    new java.text.DecimalFormat("0.#", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT))
                            .format(sigma.getAsDouble()));
        }
        return Optional.of(String.format(Locale.ROOT, "The train images are %.1fx %s than the %s images (median"
                + " sharpness %.1f against %.1f grey levels, contrast %.1f against %.1f): a model trained on them will not"
                + " transfer; look at both parts and get training images like the ones it will be tested on%s.", ratio,
                blurrier ? "blurrier" : "sharper", b.part(), a.sharpness(), b.sharpness(), a.contrast(), b.contrast(), fix));
    }

    /**
     * The least blur of {@link #BLUR_LADDER} that brings {@code held}'s median sharpness down to
     * {@code train}'s (chosen from the images alone, no labels), or empty when none does.
     */
    static OptionalDouble matchingBlur(PartQuality train, PartQuality held) {
        for (int i = 0; i < BLUR_LADDER.length && i < held.blurredSharpness().size(); i++) {
            if (held.blurredSharpness().get(i) <= train.sharpness()) {
                return OptionalDouble.of(BLUR_LADDER[i]);
            }
        }
        return OptionalDouble.empty();
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
        Map<String, List<double[]>> qualityByPart = new LinkedHashMap<>();
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
                        measure(qualityByPart, partOf.get(s.id()), grey.image());
                    }
                    continue;
                }
                byte[] bytes = s.source().read();
                byHash.computeIfAbsent(hex.formatHex(sha.digest(bytes)), h -> new ArrayList<>()).add(s);
                if (inSample[i]) {
                    BufferedImage img = decoder.decode(bytes);
                    sizes.add(new int[] {img.getWidth(), img.getHeight()});
                    channels.add(img.getRaster().getNumBands());
                    measure(qualityByPart, partOf.get(s.id()), img);
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
                problems, duplicates, imbalance(classes, ds.classCounts()), quality(qualityByPart));
    }

    private static final ImageSpec QUALITY_SPEC = new ImageSpec(48, 1, Normalization.UNIT);

    /** Adds the sharpness and contrast of {@code img} to its part's list. */
    /** Adds {sharpness, contrast, sharpness after each blur of the ladder} of {@code img} to its part's list. */
    private static void measure(Map<String, List<double[]>> byPart, String part, BufferedImage img) {
        float[] p = ImagePreprocessor.toTensor(img, QUALITY_SPEC);
        int n = QUALITY_SPEC.size();
        double sum = 0;
        double sq = 0;
        for (float f : p) {
            double v = f * 255.0;
            sum += v;
            sq += v * v;
        }
        double mean = sum / (n * n);
        double[] m = new double[2 + BLUR_LADDER.length];
        m[0] = sharpness(p, n);
        m[1] = Math.sqrt(Math.max(0, sq / (n * n) - mean * mean));
        for (int i = 0; i < BLUR_LADDER.length; i++) {
            // The 48×48 copy blurred, as the pre-processor blurs after resizing (not the full image again).
            float[] blurred = p.clone();
            new GaussianBlur(BLUR_LADDER[i]).apply(blurred, 0, n);
            m[2 + i] = sharpness(blurred, n);
        }
        byPart.computeIfAbsent(part == null ? "all" : part, k -> new ArrayList<>()).add(m);
    }

    /** Mean absolute difference of neighbouring pixels of an n×n [0, 1] plane, in grey levels. */
    private static double sharpness(float[] p, int n) {
        double diff = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                if (x + 1 < n) {
                    diff += Math.abs(p[y * n + x + 1] - p[y * n + x]) * 255.0;
                }
                if (y + 1 < n) {
                    diff += Math.abs(p[(y + 1) * n + x] - p[y * n + x]) * 255.0;
                }
            }
        }
        return diff / (2.0 * n * (n - 1));
    }

    private static List<PartQuality> quality(Map<String, List<double[]>> byPart) {
        List<PartQuality> out = new ArrayList<>();
        for (Map.Entry<String, List<double[]>> e : byPart.entrySet()) {
            List<double[]> images = e.getValue();
            List<Double> blurred = new ArrayList<>();
            for (int i = 0; i < BLUR_LADDER.length; i++) {
                blurred.add(median(images, 2 + i));
            }
            out.add(new PartQuality(e.getKey(), images.size(), median(images, 0), median(images, 1), blurred));
        }
        out.sort(Comparator.comparing(q -> List.of("train", "val", "test", "all").indexOf(q.part())));
        return out;
    }

    private static double median(List<double[]> rows, int column) {
        double[] v = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
        return v[(v.length - 1) / 2];
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
