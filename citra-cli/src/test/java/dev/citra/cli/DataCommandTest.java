package dev.citra.cli;

import static dev.citra.cli.Outcome.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.image.ImageEncoding;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code citra data inspect}, text and JSON. */
class DataCommandTest {
    @TempDir
    Path tmp;

    private Path root;

    private static byte[] png(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (seed * 7919 + x * 31 + y * 17) * 2654435 & 0xFFFFFF);
            }
        }
        return ImageEncoding.png(img);
    }

    private void write(String id, byte[] bytes) throws IOException {
        Path p = root.resolve(id);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    /** train: cat 3 (one a copy of test/cat/x.png), dog 1 and a truncated file; test: cat 1, dog 1. */
    @BeforeEach
    void folder() throws IOException {
        root = tmp.resolve("pets");
        byte[] shared = png(12, 10, 1);
        write("train/cat/a.png", shared);
        write("train/cat/b.png", png(24, 20, 2));
        write("train/cat/c.png", png(12, 10, 3));
        write("train/dog/d.png", png(12, 10, 4));
        write("train/dog/bad.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        write("test/cat/x.png", shared);
        write("test/dog/y.png", png(12, 10, 5));
    }

    @Test
    void inspectWritesALabelledGridWithOneRowPerClass() throws Exception {
        Path flat = tmp.resolve("colours");
        int[] colours = {0xC03030, 0x30C030};
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 3; i++) {
                BufferedImage img = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 10; y++) {
                    for (int x = 0; x < 20; x++) {
                        img.setRGB(x, y, colours[c]);
                    }
                }
                Path p = flat.resolve("class" + c).resolve(i + ".png");
                Files.createDirectories(p.getParent());
                Files.write(p, ImageEncoding.png(img));
            }
        }
        Path grid = tmp.resolve("grid.png");
        Outcome o = run("data", "inspect", flat.toString(), "--grid", grid.toString(), "--grid-per-class", "2");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Sample grid: " + grid), o.out());
        BufferedImage g = javax.imageio.ImageIO.read(grid.toFile());
        // Two rows of 96-pixel cells (4-pixel gaps): each row shows its class's colour, the label column is white.
        assertEquals(2 * 100 + 4, g.getHeight());
        int labelWidth = g.getWidth() - 2 * 100 - 4;
        assertTrue(labelWidth > 40, "label column " + labelWidth);
        for (int c = 0; c < 2; c++) {
            int y = 4 + c * 100 + 48;
            for (int col = 0; col < 2; col++) {
                int x = labelWidth + col * 100 + 48;
                assertEquals(colours[c], g.getRGB(x, y) & 0xFFFFFF, "class " + c + " column " + col);
            }
            assertEquals(0xFFFFFF, g.getRGB(labelWidth + 48, 4 + c * 100 + 2) & 0xFFFFFF, "letterbox above a 2:1 image");
        }
        Outcome bad = run("data", "inspect", flat.toString(), "--grid", grid.toString(), "--grid-per-class", "0");
        assertEquals(Main.USER_ERROR, bad.code());
        assertTrue(bad.err().contains("--grid-per-class must be between 1 and 100"), bad.err());
    }

    @Test
    void augmentPreviewWritesAGridOfViews() throws Exception {
        Path config = tmp.resolve("aug.yaml");
        Files.writeString(config, "data: " + root + "\nimg_size: 16\naugment: {rotation_range: 20, horizontal_flip: true}\n");
        Path png = tmp.resolve("grid.png");
        Outcome o = run("data", "augment-preview", "--config", config.toString(), "--out", png.toString(), "--images", "3",
                "--views", "4");
        assertEquals(0, o.code(), o.err());
        BufferedImage grid = javax.imageio.ImageIO.read(png.toFile());
        // 16 px at scale 6 (96 / 16), 4 px gaps: 5 columns and 3 rows.
        assertEquals(5 * (96 + 4) + 4, grid.getWidth());
        assertEquals(3 * (96 + 4) + 4, grid.getHeight());

        Files.writeString(config, "data: " + root + "\nimg_size: 16\n");
        Outcome none = run("data", "augment-preview", "--config", config.toString(), "--out", png.toString());
        assertEquals(Main.USER_ERROR, none.code());
        assertTrue(none.err().contains("has no augment: settings to preview"), none.err());
    }

    @Test
    void theFormatInspectPrintsIsOneThatFormatTakes() throws IOException {
        Path zip = tmp.resolve("split.zip");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            for (String entry : List.of("train/cat/a.png", "train/dog/b.png", "val/cat/c.png", "val/dog/d.png")) {
                z.putNextEntry(new java.util.zip.ZipEntry(entry));
                z.write(png(8, 8, 1));
            }
        }
        for (Path data : List.of(root, zip, flickr())) {
            for (boolean json : new boolean[] {false, true}) {
                Outcome o = json ? run("data", "inspect", data.toString(), "--json") : run("data", "inspect", data.toString());
                assertEquals(0, o.code(), o.err());
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(json ? "\"format\" : \"([^\"]+)\""
                        : "Format:   (\\S+)").matcher(o.out());
                assertTrue(m.find(), o.out());
                Outcome forced = run("data", "inspect", data.toString(), "--format", m.group(1));
                assertEquals(0, forced.code(), data + ": --format " + m.group(1) + ": " + forced.err());
            }
        }
    }

    @Test
    void textReport() {
        Outcome o = run("data", "inspect", root.toString());
        assertEquals(0, o.code(), o.err());
        String out = o.out();
        assertTrue(out.contains("Format:   folder (with its own train/val/test split)\n"), out);
        assertTrue(out.contains("Images:   7 in 2 classes (predefined split: train/test)"), out);
        assertTrue(out.contains("class  train  test  total\ncat        3     1      4\ndog        2     1      3\n"
                + "total      5     2      7\n"), out);
        assertTrue(out.contains("Imbalance: 1.33 (largest 'cat' 4, smallest 'dog' 3)"), out);
        assertTrue(out.contains("Image sizes (a sample: 7 of 7 images, evenly spaced; 6 decoded):"), out);
        assertTrue(out.contains("  width   min 12  median 12  max 24"), out);
        assertTrue(out.contains("  channels 3"), out);
        assertTrue(out.contains("Unreadable or skipped files: 1"), out);
        assertTrue(out.contains("  train/dog/bad.png: "), out);
        assertTrue(out.contains("Exact duplicates (SHA-256 of the bytes, all files): 1 group, 2 files; 1 across splits (leakage)"),
                out);
        assertTrue(out.contains("  LEAKAGE train/test: test/cat/x.png, train/cat/a.png"), out);
    }

    @Test
    void jsonReport() throws IOException {
        Outcome o = run("data", "inspect", root.toString(), "--json");
        assertEquals(0, o.code(), o.err());
        JsonNode j = new ObjectMapper().readTree(o.out());
        assertEquals("folder", j.get("format").asText());
        assertEquals("image-folder-split", j.get("layout").asText());
        assertEquals(7, j.get("images").asInt());
        assertEquals(3, j.get("class_counts").get("train").get("cat").asInt());
        assertEquals(1, j.get("class_counts").get("test").get("dog").asInt());
        assertEquals(4.0 / 3, j.get("imbalance").get("ratio").asDouble(), 1e-9);
        assertTrue(j.get("image_sizes").get("sample").asBoolean());
        assertEquals(7, j.get("image_sizes").get("sampled").asInt());
        assertEquals(6, j.get("image_sizes").get("decoded").asInt());
        assertEquals("train/dog/bad.png", j.get("unreadable_files").get(0).get("file").asText());
        JsonNode dup = j.get("duplicates").get(0);
        assertEquals("test/cat/x.png", dup.get("files").get(0).asText());
        assertTrue(dup.get("leakage").asBoolean());
        assertEquals(64, dup.get("sha256").asText().length());
        assertEquals(1, j.get("leaking_duplicate_groups").asInt());
    }

    @Test
    void missingPathIsAUserError() {
        Outcome o = run("data", "inspect", tmp.resolve("nope").toString());
        assertEquals(Main.USER_ERROR, o.code());
        assertTrue(o.err().startsWith("citra: Data path "), o.err());
    }

    /** A Kaggle-layout Flickr8k folder: two images with two captions each, one image listed but missing. */
    private Path flickr() throws IOException {
        Path f = tmp.resolve("flickr");
        Files.createDirectories(f.resolve("Images"));
        Files.write(f.resolve("Images/1.jpg"), png(8, 8, 1));
        Files.write(f.resolve("Images/2.jpg"), png(8, 8, 2));
        Files.writeString(f.resolve("captions.txt"), "image,caption\n1.jpg,A dog runs .\n1.jpg,\"A dog , a ball\"\n"
                + "2.jpg,Two dogs play in the snow .\n2.jpg,A dog and a dog\n3.jpg,Gone\n");
        return f;
    }

    @Test
    void captionReportForFlickr8k() throws IOException {
        Outcome o = run("data", "inspect", flickr().toString());
        assertEquals(0, o.code(), o.err());
        String out = o.out();
        assertTrue(out.contains("Format:   flickr8k (Kaggle's captions.txt; captions)\n"), out);
        assertTrue(out.contains("Images:   2 with 4 captions"), out);
        assertTrue(out.contains("Captions per image: min 2  mean 2.00  median 2  max 2"), out);
        assertTrue(out.contains("Words per caption:  min 3  mean 4.50  median 4  max 6"), out);
        assertTrue(out.contains("Split (none in the data: seeded 80:20, seed 42):\n  train       2 images        4 captions\n"),
                out);
        assertTrue(out.contains("Most frequent words: a 5, dog 4, and 1, ball 1,"), out);
        assertTrue(out.contains("Images listed but missing: 1\n  3.jpg: listed in captions.txt (line 6) but not in the image folder"),
                out);

        Outcome asJson = run("data", "inspect", "--json", flickr().toString());
        assertEquals(0, asJson.code(), asJson.err());
        JsonNode j = new ObjectMapper().readTree(asJson.out());
        assertEquals("flickr8k", j.get("format").asText());
        assertEquals("flickr8k-kaggle", j.get("layout").asText());
        assertEquals(4, j.get("captions").asInt());
        assertEquals(2, j.get("captions_per_image").get("max").asInt());
        assertEquals(6, j.get("words_per_caption").get("max").asInt());
        // Two images are too few to give one to validation (Splits leaves classes under 3 whole).
        assertEquals(2, j.get("split").get("train").get("images").asInt());
        assertEquals(4, j.get("split").get("train").get("captions").asInt());
        assertEquals("a", j.get("top_words").get(0).get("word").asText());
        assertEquals(5, j.get("top_words").get(0).get("count").asInt());
        assertEquals("3.jpg", j.get("missing_images").get(0).get("file").asText());
    }

    @Test
    void captionDataRefusesTheFlagsOfClassificationDataSets() throws IOException {
        Path flickr = flickr();
        Path grid = tmp.resolve("captions.png");
        for (List<String> flags : List.of(List.of("--grid", grid.toString()), List.of("--grid-per-class", "4"),
                List.of("--sample", "10"), List.of("--label", "Male"), List.of("--eye", "left"),
                List.of("--eye-margin", "0.5"))) {
            List<String> args = new java.util.ArrayList<>(List.of("data", "inspect", flickr.toString()));
            args.addAll(flags);
            Outcome o = run(args.toArray(String[]::new));
            assertEquals(Main.USER_ERROR, o.code(), flags + ": " + o.out());
            assertEquals("citra: " + flags.get(0) + " applies to classification data sets, not to the captions at "
                    + flickr + ": drop it.", o.err().strip());
        }
        assertFalse(Files.exists(grid));
        Outcome two = run("data", "inspect", flickr.toString(), "--grid", grid.toString(), "--sample", "10");
        assertEquals(Main.USER_ERROR, two.code(), two.out());
        assertTrue(two.err().contains("--grid and --sample apply to classification data sets"), two.err());
        // The format is a data flag that does fit captions.
        Outcome format = run("data", "inspect", flickr.toString(), "--format", "flickr8k");
        assertEquals(0, format.code(), format.err());
    }

    @Test
    void rangesAreCheckedWhateverTheData() throws IOException {
        Outcome o = run("data", "inspect", flickr().toString(), "--grid-per-class", "0");
        assertEquals(Main.USER_ERROR, o.code(), o.out());
        assertTrue(o.err().contains("--grid-per-class must be between 1 and 100, not 0."), o.err());
    }

    @Test
    void formatFlagForcesOrRefusesALayout() throws IOException {
        Outcome folder = run("data", "inspect", "--format", "folder", root.toString());
        assertEquals(0, folder.code(), folder.err());
        Outcome wrong = run("data", "inspect", "--format", "flickr8k", root.toString());
        assertEquals(Main.USER_ERROR, wrong.code());
        assertTrue(wrong.err().startsWith("citra: --format flickr8k does not fit " + root + ": expected Flickr8k images"),
                wrong.err());
        Outcome unknown = run("data", "inspect", "--format", "csv", root.toString());
        assertEquals(Main.USER_ERROR, unknown.code());
        assertTrue(unknown.err().contains("Unknown --format 'csv': use one of auto, folder, fer2013-csv, mrl-eye, "
                + "celeba-eyes, flickr8k."), unknown.err());
        Outcome captionsAsClasses = run("data", "inspect", "--format", "folder", flickr().toString());
        assertEquals(Main.USER_ERROR, captionsAsClasses.code());
    }

    @Test
    void mrlEyeNamesAreReportedAsTheirFormat() throws IOException {
        Path mrl = tmp.resolve("mrl");
        Files.createDirectories(mrl.resolve("s0001"));
        Files.write(mrl.resolve("s0001/s0001_00001_0_0_0_0_0_01.png"), png(8, 8, 1));
        Files.write(mrl.resolve("s0001/s0001_00002_0_0_1_0_0_01.png"), png(8, 8, 2));
        Outcome o = run("data", "inspect", mrl.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Format:   mrl-eye\nLabels:   the MRL Eye file names: field eye_state\n"), o.out());
        assertTrue(o.out().contains("closed    1\nopen      1\n"), o.out());
    }

    @Test
    void eyeCropFlagsAreRefusedOffCelebAByEveryCommand() {
        Outcome inspect = run("data", "inspect", root.toString(), "--eye-margin", "0.3");
        assertEquals(Main.USER_ERROR, inspect.code(), inspect.out());
        assertEquals("citra: --eye-margin 0.3 does not apply to " + root + " (folder): only CelebA photos"
                + " (celeba-eyes) are cut into eye crops; drop it.", inspect.err().strip());
        Outcome train = run("train", "--data", root.toString(), "--eye", "left", "--epochs", "1", "--out",
                tmp.resolve("runs").toString());
        assertEquals(Main.USER_ERROR, train.code(), train.out());
        assertTrue(train.err().contains("--eye left does not apply to " + root + " (folder)"), train.err());
    }
}
