package dev.citra.data;

import dev.citra.CitraException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Eye crops from CelebA as users download it (a folder or {@code .zip}): the aligned faces in
 * {@code img_align_celeba/} (178×218 JPEGs), {@code list_landmarks_align_celeba.txt} (where the
 * eyes are), {@code list_attr_celeba.txt} (40 attributes, ±1) and, when present,
 * {@code list_eval_partition.txt} (0/1/2 = train/val/test: the predefined split). Kaggle's
 * {@code .csv} versions of these files and its nested {@code img_align_celeba/img_align_celeba/}
 * are read too; the annotation files may sit at most two folders deep ({@code Anno/}, {@code Eval/}).
 *
 * <p>Each face listed in the landmark file is one sample, labelled by one attribute: {@code Male}
 * gives the classes {@code female}/{@code male} (for −1/1), any other attribute {@code A} gives
 * {@code not_A}/{@code A}. Its source is an {@link EyeCrop}: nothing is decoded until the
 * pipeline decodes the sample. Sample ids are the image paths relative to the root. A face
 * whose image is missing is skipped and listed, like an unreadable file.
 */
public final class CelebAEyesSource {
    /** The attribute S4 (gender from eye images) labels by. */
    public static final String DEFAULT_ATTRIBUTE = "Male";

    public static final EyeRegion DEFAULT_EYE = EyeRegion.LEFT;

    /**
     * Half a single-eye crop's side, as a fraction of the inter-ocular distance: 0.5 makes a single
     * eye crop exactly as wide as the eyes are apart, so it holds the whole eye (about half that
     * distance wide) with its eyebrow (about a third of it above the eye centre) and stops at the
     * midpoint between the eyes, so that left and right crops never overlap. Close to the crops of
     * the Kaggle eye-gender set S4 used, and about 37 px on CelebA's aligned faces.
     */
    public static final double DEFAULT_MARGIN = 0.5;

    public static final String LANDMARKS = "list_landmarks_align_celeba";
    public static final String ATTRIBUTES = "list_attr_celeba";
    public static final String PARTITION = "list_eval_partition";
    public static final String IMAGE_FOLDER = "img_align_celeba";

    private static final List<String> EYE_COLUMNS = List.of("lefteye_x", "lefteye_y", "righteye_x", "righteye_y");
    private static final List<String> SUGGESTED = List.of("Male", "Smiling", "Young", "Eyeglasses", "Attractive",
            "Wearing_Hat");
    /** How deep the annotation files may lie: a wrapping folder and {@code Anno/}. */
    private static final int DEPTH = 2;

    private CelebAEyesSource() {}

    /** The landmark file that marks a CelebA layout, if {@code files} has one. */
    public static Optional<String> landmarkFile(DataFiles files) {
        return files.find(DEPTH, LANDMARKS + ".txt", LANDMARKS + ".csv");
    }

    /**
     * Reads the CelebA layout in {@code files}.
     *
     * @param attribute the attribute to label by (case ignored), or null for {@value #DEFAULT_ATTRIBUTE}
     * @throws CitraException when a file is missing or has a bad row (naming file and line), the
     *     attribute is unknown, or none of the listed images is there
     */
    public static LoadedData load(DataFiles files, String attribute, EyeRegion eye, double margin) {
        String landmarksId = landmarkFile(files).orElseThrow(() -> new CitraException("Data path " + files.path()
                + " has no " + LANDMARKS + ".txt: expected " + DataFormat.CELEBA_EYES.description() + "."));
        String attrId = required(files, ATTRIBUTES, "the labels");
        Optional<String> partitionId = files.find(DEPTH, PARTITION + ".txt", PARTITION + ".csv");

        CelebATable landmarks = CelebATable.read(files, landmarksId, EYE_COLUMNS, columns -> indexes(files, landmarksId,
                columns), v -> v >= 0, "a pixel position (a whole number, 0 or more)");
        String wanted = attribute == null ? DEFAULT_ATTRIBUTE : attribute;
        int[] attrColumn = new int[1];
        CelebATable attrs = CelebATable.read(files, attrId, List.of(), columns -> {
            attrColumn[0] = attributeIndex(files, attrId, columns, wanted);
            return attrColumn;
        }, v -> v == 1 || v == -1, "-1 or 1");
        String name = attrs.columns().get(attrColumn[0]);
        List<String> classes = name.equalsIgnoreCase("Male") ? List.of("female", "male") : List.of("not_" + name, name);
        Optional<CelebATable> partition = partitionId.map(id -> CelebATable.read(files, id, List.of("partition"),
                columns -> new int[] {0}, v -> v >= 0 && v <= 2, "0, 1 or 2 (train, val, test)"));

        Map<String, String> images = files.imagesIn(Set.of(IMAGE_FOLDER));
        if (images.isEmpty()) {
            throw new CitraException("Data path " + files.path() + " has " + fileName(landmarksId) + " but no "
                    + IMAGE_FOLDER + "/ folder with the face images: unpack " + IMAGE_FOLDER + ".zip beside it.");
        }
        String landmarkName = fileName(landmarksId);
        List<Sample> samples = new ArrayList<>();
        List<List<Sample>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<SkippedFile> skipped = new ArrayList<>();
        for (Map.Entry<String, CelebATable.Row> e : landmarks.rows().entrySet()) {
            String image = e.getKey();
            int line = e.getValue().line();
            int label = attrs.row(image, landmarkName, line).values()[0] > 0 ? 1 : 0;
            int part = partition.map(p -> p.row(image, landmarkName, line).values()[0]).orElse(-1);
            String id = images.get(image);
            if (id == null) {
                skipped.add(new SkippedFile(IMAGE_FOLDER + "/" + image, "listed in " + landmarkName + " (line " + line
                        + ") but not in " + IMAGE_FOLDER + "/"));
                continue;
            }
            int[] p = e.getValue().values();
            Sample s = new Sample(id, label, EyeCrop.around(files.files().get(id), eye, p[0], p[1], p[2], p[3], margin));
            samples.add(s);
            if (part >= 0) {
                parts.get(part).add(s);
            }
        }
        if (samples.isEmpty()) {
            throw new CitraException("None of the " + landmarks.rows().size() + " images " + landmarkName + " lists is in "
                    + IMAGE_FOLDER + "/ of " + files.path() + ": use the landmark file of the same CelebA download.");
        }
        samples.sort(Comparator.comparing(Sample::id));
        skipped.sort(Comparator.comparing(SkippedFile::id));
        ImageDataset ds = new ImageDataset(classes, samples, skipped);
        Optional<DatasetSplit> split = partition.map(p -> new DatasetSplit(sorted(ds, parts.get(0)),
                sorted(ds, parts.get(1)), sorted(ds, parts.get(2))));
        String labels = String.format(java.util.Locale.ROOT,
                "CelebA attribute %s (%s/%s), %s eye crops with a margin of %.2f of the inter-ocular distance",
                name, classes.get(0), classes.get(1), eye.id(), margin);
        return new LoadedData(DataFormat.CELEBA_EYES.id(), ds, split, labels);
    }

    private static String required(DataFiles files, String base, String what) {
        return files.find(DEPTH, base + ".txt", base + ".csv").orElseThrow(() -> new CitraException("Data path "
                + files.path() + " has CelebA landmarks but no " + base + ".txt (" + what
                + "): add it from the CelebA download."));
    }

    private static int[] indexes(DataFiles files, String id, List<String> columns) {
        int[] idx = new int[EYE_COLUMNS.size()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = indexOf(columns, EYE_COLUMNS.get(k));
            if (idx[k] < 0) {
                throw new CitraException("CelebA file " + files.where(id) + " has no column " + EYE_COLUMNS.get(k)
                        + " in its header (" + abbreviate(columns) + "): use " + LANDMARKS + " of the CelebA download.");
            }
        }
        return idx;
    }

    private static int attributeIndex(DataFiles files, String id, List<String> columns, String attribute) {
        int index = indexOf(columns, attribute);
        if (index < 0) {
            // The attributes people label by first, where the file has them; else its first few.
            java.util.Set<String> some = new java.util.LinkedHashSet<>();
            SUGGESTED.stream().filter(a -> indexOf(columns, a) >= 0).forEach(some::add);
            columns.stream().limit(6).forEach(some::add);
            throw new CitraException("Unknown CelebA attribute '" + attribute + "' for --label: " + files.where(id)
                    + " has " + columns.size() + " attributes, such as "
                    + some.stream().limit(6).collect(Collectors.joining(", ")) + "; pass one of those.");
        }
        return index;
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The first few names and how many there are in all. */
    private static String abbreviate(List<String> columns) {
        String few = columns.stream().limit(6).collect(Collectors.joining(", "));
        return columns.size() <= 6 ? few : few + " ... (" + columns.size() + " in all)";
    }

    private static String fileName(String id) {
        return DataFiles.fileName(id);
    }

    private static ImageDataset sorted(ImageDataset ds, List<Sample> part) {
        part.sort(Comparator.comparing(Sample::id));
        return ds.withSamples(part);
    }
}
