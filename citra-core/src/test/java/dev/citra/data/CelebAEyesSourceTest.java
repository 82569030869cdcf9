package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.image.ImageDecoder;
import dev.citra.image.ImageEncoding;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CelebA eye crops on generated faces: a white mark on each left eye, a red one on each right eye. */
class CelebAEyesSourceTest {
    @TempDir
    Path tmp;

    /** One generated face: its eye landmarks, Male and Smiling (±1) and partition (0/1/2). */
    private record Face(String name, int lx, int ly, int rx, int ry, int male, int smiling, int partition) {}

    private static final List<Face> FACES = List.of(
            new Face("000001.jpg", 69, 109, 106, 113, -1, 1, 0),
            new Face("000002.jpg", 70, 110, 108, 110, 1, -1, 0),
            new Face("000003.jpg", 68, 112, 107, 111, 1, 1, 1),
            // Near the left border: the crop must be moved inside the image, not cut.
            new Face("000004.jpg", 8, 100, 48, 100, -1, -1, 2));

    private static final List<String> ATTRIBUTES = attributeNames();

    /** 40 attribute names as CelebA has them, Male at index 20 and Smiling at 31. */
    private static List<String> attributeNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add(i == 20 ? "Male" : i == 31 ? "Smiling" : i == 0 ? "5_o_Clock_Shadow" : "Attr_" + i);
        }
        return names;
    }

    private static byte[] faceJpeg(Face f) {
        BufferedImage img = new BufferedImage(178, 218, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 178, 218);
        // 7x7 marks centred on the landmarks; JPEG blurs their edges, not their centre.
        g.setColor(Color.WHITE);
        g.fillRect(f.lx() - 3, f.ly() - 3, 7, 7);
        g.setColor(Color.RED);
        g.fillRect(f.rx() - 3, f.ry() - 3, 7, 7);
        g.dispose();
        return ImageEncoding.jpeg(img);
    }

    /** The CelebA files: name -> bytes; the images of {@code without} left out. */
    private static Map<String, byte[]> layout(String prefix, boolean partition, String... without) {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        StringBuilder landmarks = new StringBuilder(FACES.size() + "\n"
                + "lefteye_x lefteye_y righteye_x righteye_y nose_x nose_y leftmouth_x leftmouth_y rightmouth_x rightmouth_y\n");
        StringBuilder attrs = new StringBuilder(FACES.size() + "\n" + String.join(" ", ATTRIBUTES) + " \n");
        StringBuilder parts = new StringBuilder();
        for (Face f : FACES) {
            if (!List.of(without).contains(f.name())) {
                files.put(prefix + "img_align_celeba/" + f.name(), faceJpeg(f));
            }
            // Runs of spaces, as in the real files.
            landmarks.append(String.format("%s  %3d  %3d  %3d  %3d   89  134   72  152  104  152%n", f.name(), f.lx(), f.ly(),
                    f.rx(), f.ry()));
            attrs.append(f.name());
            for (int i = 0; i < 40; i++) {
                int v = i == 20 ? f.male() : i == 31 ? f.smiling() : (i % 2 == 0 ? -1 : 1);
                attrs.append(v < 0 ? " -1" : "  1");
            }
            attrs.append('\n');
            parts.append(f.name()).append(' ').append(f.partition()).append('\n');
        }
        files.put(prefix + "list_landmarks_align_celeba.txt", landmarks.toString().getBytes(StandardCharsets.UTF_8));
        files.put(prefix + "list_attr_celeba.txt", attrs.toString().getBytes(StandardCharsets.UTF_8));
        if (partition) {
            files.put(prefix + "list_eval_partition.txt", parts.toString().getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    private Path folder(String name, Map<String, byte[]> files) throws IOException {
        return TestFiles.folder(tmp.resolve(name), files);
    }

    private Path zip(String name, Map<String, byte[]> files) throws IOException {
        return TestFiles.zip(tmp.resolve(name), files);
    }

    private static DataOptions eyes(EyeRegion eye, double margin) {
        return new DataOptions(DataFormat.AUTO, null, eye, margin);
    }

    private static BufferedImage crop(LoadedData loaded, String name) throws Exception {
        Sample s = loaded.dataset().samples().stream().filter(x -> x.id().endsWith(name)).findFirst().orElseThrow();
        return new ImageDecoder().decode(s.source().read());
    }

    private static final java.util.function.IntPredicate WHITE = rgb -> ((rgb >> 16) & 0xFF) > 200
            && ((rgb >> 8) & 0xFF) > 200 && (rgb & 0xFF) > 200;
    private static final java.util.function.IntPredicate RED = rgb -> ((rgb >> 16) & 0xFF) > 150
            && ((rgb >> 8) & 0xFF) < 100 && (rgb & 0xFF) < 100;

    /** Centre of the pixels {@code mark} accepts. */
    private static double[] centroid(BufferedImage img, java.util.function.IntPredicate mark) {
        double sx = 0;
        double sy = 0;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (mark.test(img.getRGB(x, y))) {
                    sx += x;
                    sy += y;
                    n++;
                }
            }
        }
        assertTrue(n >= 20, "mark not found (" + n + " pixels)");
        return new double[] {sx / n, sy / n};
    }

    @Test
    void leftEyeCropIsCentredOnTheLandmarkAndAsWideAsTheEyesAreApart() throws Exception {
        LoadedData loaded = DataSource.open(folder("celeba", layout("", true)), eyes(EyeRegion.LEFT, 0.5));
        assertEquals("celeba-eyes", loaded.format());
        BufferedImage c = crop(loaded, "000001.jpg");
        // Inter-ocular distance hypot(37, 4) = 37.2; margin 0.5 on each side of the eye -> 37 px.
        assertEquals(37, c.getWidth());
        assertEquals(37, c.getHeight());
        double[] mark = centroid(c, WHITE);
        assertEquals(18.0, mark[0], 1.0);
        assertEquals(18.0, mark[1], 1.0);
        // A larger margin: a larger square around the same centre.
        BufferedImage wide = crop(DataSource.open(folder("celeba", layout("", true)), eyes(EyeRegion.LEFT, 1.0)),
                "000001.jpg");
        assertEquals(74, wide.getWidth());
        assertEquals(37.0, centroid(wide, WHITE)[0], 1.0);
    }

    @Test
    void rightEyeAndBothEyes() throws Exception {
        Path root = folder("celeba", layout("", true));
        BufferedImage right = crop(DataSource.open(root, eyes(EyeRegion.RIGHT, 0.5)), "000002.jpg");
        assertEquals(38, right.getWidth()); // eyes 38 px apart
        double[] red = centroid(right, RED);
        assertEquals(19.0, red[0], 1.0);
        assertEquals(19.0, red[1], 1.0);

        // Both: the span of the eyes (38 px) plus 0.5 * 38 on each side, square, centred between them.
        BufferedImage both = crop(DataSource.open(root, eyes(EyeRegion.BOTH, 0.5)), "000002.jpg");
        assertEquals(76, both.getWidth());
        assertEquals(76, both.getHeight());
        assertEquals(19.0, centroid(both, WHITE)[0], 1.0);
        assertEquals(57.0, centroid(both, RED)[0], 1.0);
        assertEquals(38.0, centroid(both, WHITE)[1], 1.0);
    }

    @Test
    void aCropNearTheBorderIsMovedInsideTheImageAndKeepsItsSize() throws Exception {
        LoadedData loaded = DataSource.open(folder("celeba", layout("", true)), eyes(EyeRegion.LEFT, 0.5));
        BufferedImage c = crop(loaded, "000004.jpg");
        assertEquals(40, c.getWidth());
        assertEquals(40, c.getHeight());
        // The square would start at x = 8 - 20 < 0: it starts at 0, so the mark sits at x = 8.
        double[] mark = centroid(c, WHITE);
        assertEquals(8.0, mark[0], 1.0);
        assertEquals(20.0, mark[1], 1.0);
        EyeCrop huge = new EyeCrop(() -> new byte[0], 10, 10, 500);
        assertEquals(new java.awt.Rectangle(0, 0, 178, 178), huge.bounds(178, 218));
    }

    @Test
    void labelsFromMaleOrAnotherAttributeAndThePartitionFile() throws Exception {
        Path root = folder("celeba", layout("", true));
        LoadedData loaded = DataSource.open(root);
        ImageDataset ds = loaded.dataset();
        assertEquals(List.of("female", "male"), ds.classes());
        assertEquals(List.of("img_align_celeba/000001.jpg", "img_align_celeba/000002.jpg", "img_align_celeba/000003.jpg",
                "img_align_celeba/000004.jpg"), ds.samples().stream().map(Sample::id).toList());
        assertEquals(List.of(0, 1, 1, 0), ds.samples().stream().map(Sample::label).toList());
        DatasetSplit split = loaded.predefined().orElseThrow();
        assertEquals(2, split.train().size());
        assertEquals(List.of("img_align_celeba/000003.jpg"), split.val().samples().stream().map(Sample::id).toList());
        assertEquals(List.of("img_align_celeba/000004.jpg"), split.test().samples().stream().map(Sample::id).toList());
        assertTrue(loaded.labels().contains("Male"), loaded.labels());

        ImageDataset smiling = DataSource.open(root, new DataOptions(DataFormat.CELEBA_EYES, "smiling", null, 0.5))
                .dataset();
        assertEquals(List.of("not_Smiling", "Smiling"), smiling.classes());
        assertEquals(List.of(1, 0, 1, 0), smiling.samples().stream().map(Sample::label).toList());
    }

    @Test
    void withoutAPartitionFileThereIsNoPredefinedSplit() throws Exception {
        LoadedData loaded = DataSource.open(folder("celeba", layout("", false)));
        assertEquals(4, loaded.dataset().size());
        assertTrue(loaded.predefined().isEmpty());
    }

    @Test
    void aZipWithAWrappingFolderGivesTheSameCrops() throws Exception {
        LoadedData fromFolder = DataSource.open(folder("celeba", layout("", true)), eyes(EyeRegion.BOTH, 0.4));
        LoadedData fromZip = DataSource.open(zip("celeba.zip", layout("CelebA/", true)), eyes(EyeRegion.BOTH, 0.4));
        assertEquals("celeba-eyes", fromZip.format());
        assertEquals(fromFolder.dataset().classes(), fromZip.dataset().classes());
        for (int i = 0; i < FACES.size(); i++) {
            Sample a = fromFolder.dataset().samples().get(i);
            Sample b = fromZip.dataset().samples().get(i);
            assertEquals("CelebA/" + a.id(), b.id());
            assertEquals(a.label(), b.label());
            assertArrayEquals(a.source().read(), b.source().read(), a.id());
        }
        assertEquals(2, fromZip.predefined().orElseThrow().train().size());
    }

    /** The same files as Kaggle ships them: CSVs with an image_id column, images one folder deeper. */
    private static Map<String, byte[]> kaggle(Map<String, byte[]> original) {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, byte[]> f : original.entrySet()) {
            String name = f.getKey();
            if (name.startsWith("img_align_celeba/")) {
                files.put("img_align_celeba/" + name, f.getValue());
                continue;
            }
            List<String> lines = new ArrayList<>(List.of(new String(f.getValue(), StandardCharsets.UTF_8).split("\n")));
            if (name.startsWith("list_eval_partition")) {
                lines.add(0, "image_id partition");
            } else {
                lines.remove(0); // the row count
                lines.set(0, "image_id " + lines.get(0));
            }
            String csv = String.join("\n", lines.stream().map(l -> String.join(",", l.strip().split(" +"))).toList());
            files.put(name.replace(".txt", ".csv"), csv.getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    @Test
    void kagglesCsvFilesAndNestedImageFolderGiveTheSameData() throws Exception {
        LoadedData original = DataSource.open(folder("celeba", layout("", true)), eyes(EyeRegion.RIGHT, 0.5));
        Map<String, byte[]> files = kaggle(layout("", true));
        assertTrue(files.containsKey("list_attr_celeba.csv") && files.containsKey("img_align_celeba/img_align_celeba/000001.jpg"));
        LoadedData csv = DataSource.open(folder("kaggle", files), eyes(EyeRegion.RIGHT, 0.5));
        assertEquals("celeba-eyes", csv.format());
        assertEquals(original.dataset().classes(), csv.dataset().classes());
        for (int i = 0; i < FACES.size(); i++) {
            Sample a = original.dataset().samples().get(i);
            Sample b = csv.dataset().samples().get(i);
            assertEquals("img_align_celeba/" + a.id(), b.id());
            assertEquals(a.label(), b.label());
            assertArrayEquals(a.source().read(), b.source().read(), a.id());
        }
        assertEquals(1, csv.predefined().orElseThrow().test().size());
    }

    @Test
    void aMissingImageIsSkippedAndCountedAndTheRestDecode() throws Exception {
        LoadedData loaded = DataSource.open(folder("celeba", layout("", true, "000003.jpg")));
        ImageDataset ds = loaded.dataset();
        assertEquals(3, ds.size());
        assertEquals(1, ds.skipped().size());
        SkippedFile missing = ds.skipped().get(0);
        assertEquals("img_align_celeba/000003.jpg", missing.id());
        assertTrue(missing.reason().contains("list_landmarks_align_celeba.txt (line 5)"), missing.reason());
        assertEquals(0, loaded.predefined().orElseThrow().val().size());
        // The crops go through the pipeline like any image.
        DecodedImages d = ImageLoader.decodeAll(ds, new ImageSpec(32, 3, Normalization.UNIT));
        assertEquals(3, d.size());
    }

    @Test
    void aCorruptFaceImageIsSkippedWhenDecoded() throws Exception {
        Map<String, byte[]> files = layout("", true);
        byte[] good = files.get("img_align_celeba/000002.jpg");
        files.put("img_align_celeba/000002.jpg", java.util.Arrays.copyOf(good, 200));
        ImageDataset ds = DataSource.open(folder("celeba", files)).dataset();
        DecodedImages d = ImageLoader.decodeAll(ds, new ImageSpec(32, 3, Normalization.UNIT));
        assertEquals(3, d.size());
        assertEquals("img_align_celeba/000002.jpg", d.skipped().get(0).id());
        assertTrue(d.skipped().get(0).reason().contains("truncated or corrupt"), d.skipped().get(0).reason());
    }

    private String error(Map<String, byte[]> files, String label) throws IOException {
        Path root = folder("bad" + files.hashCode(), files);
        return assertThrows(CitraException.class,
                () -> DataSource.open(root, new DataOptions(DataFormat.AUTO, label, null, 0.5))).getMessage();
    }

    @Test
    void errorsNameTheFileTheLineAndTheFix() throws Exception {
        Map<String, byte[]> files = layout("", true);
        String attrs = new String(files.get("list_attr_celeba.txt"), StandardCharsets.UTF_8);
        files.put("list_attr_celeba.txt", attrs.replaceFirst("000002.jpg -1", "000002.jpg").getBytes(StandardCharsets.UTF_8));
        String shortRow = error(files, null);
        assertTrue(shortRow.startsWith("CelebA file ") && shortRow.contains("list_attr_celeba.txt: line 4 has 40 values, "
                + "needs 41 (the image name and 40 columns): fix or remove that row."), shortRow);

        files = layout("", true);
        // Only the column labelled by is read, so only its values are checked.
        List<String> lines = new ArrayList<>(List.of(attrs.split("\n")));
        String[] row = lines.get(4).split(" +");
        row[21] = "0";
        lines.set(4, String.join(" ", row));
        files.put("list_attr_celeba.txt", String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        String badValue = error(files, null);
        assertTrue(badValue.contains("list_attr_celeba.txt: line 5 has Male '0', needs -1 or 1: fix or remove that row."),
                badValue);

        String unknown = error(layout("", true), "Gender");
        assertTrue(unknown.startsWith("Unknown CelebA attribute 'Gender' for --label: ")
                && unknown.contains("has 40 attributes, such as Male, Smiling"), unknown);

        files = layout("", true);
        files.remove("list_attr_celeba.txt");
        assertTrue(error(files, null).contains("no list_attr_celeba.txt"), error(files, null));

        files = layout("", true);
        String parts = new String(files.get("list_eval_partition.txt"), StandardCharsets.UTF_8);
        files.put("list_eval_partition.txt", parts.replace("000004.jpg 2\n", "").getBytes(StandardCharsets.UTF_8));
        String noRow = error(files, null);
        assertTrue(noRow.contains("list_eval_partition.txt has no row for 000004.jpg, which "
                + "list_landmarks_align_celeba.txt lists on line 6"), noRow);
    }
}
