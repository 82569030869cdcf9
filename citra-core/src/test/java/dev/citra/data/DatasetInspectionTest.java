package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.image.ImageEncoding;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DatasetInspection} on small generated folders. */
class DatasetInspectionTest {
    @TempDir
    Path tmp;

    /** A PNG of {@code w}x{@code h}, grey or colour, whose pixels depend on {@code seed}. */
    static byte[] png(int w, int h, boolean grey, int seed) {
        BufferedImage img = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (seed * 7919 + x * 31 + y * 17) * 2654435 & 0xFFFFFF);
            }
        }
        return ImageEncoding.png(img);
    }

    static void write(Path root, String id, byte[] bytes) throws IOException {
        Path p = root.resolve(id);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    /**
     * train: cat 4 (one corrupt, one duplicated into test/cat), dog 1, bird 1; test: cat 1, dog 1, bird 1;
     * and an in-train duplicate pair (bird/dog) with different labels.
     */
    static Path splitFolder(Path tmp) throws IOException {
        Path root = tmp.resolve("data");
        byte[] shared = png(10, 12, false, 1);
        write(root, "train/cat/a.png", shared);
        write(root, "train/cat/b.png", png(20, 8, false, 2));
        write(root, "train/cat/c.png", png(30, 16, true, 3));
        write(root, "train/cat/broken.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        write(root, "train/dog/d.png", png(16, 16, false, 4));
        write(root, "train/bird/e.png", png(16, 16, false, 4)); // same bytes as train/dog/d.png
        write(root, "train/bird/notes.txt", "not an image".getBytes());
        write(root, "test/cat/a_copy.png", shared);
        write(root, "test/dog/f.png", png(16, 16, false, 6));
        write(root, "test/bird/g.png", png(16, 16, false, 7));
        return root;
    }

    @Test
    void inspectsASplitFolder() throws IOException {
        DatasetInspection r = DatasetInspection.inspect(DataSource.open(splitFolder(tmp)), 500);
        assertEquals("image-folder-split", r.format());
        assertEquals(List.of("bird", "cat", "dog"), r.classes());
        assertEquals(9, r.images());
        assertTrue(r.predefinedSplit());
        assertEquals(List.of(new DatasetInspection.PartCounts("train", List.of(1, 4, 1)),
                new DatasetInspection.PartCounts("test", List.of(1, 1, 1))), r.parts());

        assertEquals(List.of("train/bird/notes.txt", "train/cat/broken.png"),
                r.problems().stream().map(SkippedFile::id).toList());

        DatasetInspection.SizeStats s = r.sizes();
        assertEquals(9, s.sampled());
        assertEquals(8, s.decoded());
        assertEquals(10, s.minWidth());
        assertEquals(16, s.medianWidth());
        assertEquals(30, s.maxWidth());
        assertEquals(8, s.minHeight());
        assertEquals(16, s.medianHeight());
        assertEquals(16, s.maxHeight());
        assertEquals(List.of(1, 3), s.channels());

        assertEquals(2, r.duplicates().size());
        DatasetInspection.DuplicateGroup leak = r.duplicates().get(0);
        assertEquals(List.of("test/cat/a_copy.png", "train/cat/a.png"), leak.ids());
        assertEquals(List.of("train", "test"), leak.parts());
        assertTrue(leak.crossesSplits());
        assertFalse(leak.conflictingLabels());
        DatasetInspection.DuplicateGroup inTrain = r.duplicates().get(1);
        assertEquals(List.of("train/bird/e.png", "train/dog/d.png"), inTrain.ids());
        assertFalse(inTrain.crossesSplits());
        assertTrue(inTrain.conflictingLabels());
        assertEquals(List.of(leak), r.leaks());

        assertEquals(new DatasetInspection.Imbalance(2.5, "cat", 5, "bird", 2), r.imbalance());
    }

    @Test
    void sampleLimitCapsDecodingButHashesEverything() throws IOException {
        DatasetInspection r = DatasetInspection.inspect(DataSource.open(splitFolder(tmp)), 3);
        assertEquals(3, r.sizes().sampled());
        assertEquals(2, r.duplicates().size());
    }

    @Test
    void plainFolderIsOnePartAll() throws IOException {
        Path root = tmp.resolve("plain");
        write(root, "a/1.png", png(8, 8, true, 1));
        write(root, "a/2.png", png(8, 8, true, 2));
        write(root, "b/3.png", png(8, 8, true, 3));
        DatasetInspection r = DatasetInspection.inspect(DataSource.open(root), 500);
        assertEquals("image-folder", r.format());
        assertFalse(r.predefinedSplit());
        assertEquals(List.of(new DatasetInspection.PartCounts("all", List.of(2, 1))), r.parts());
        assertTrue(r.duplicates().isEmpty());
        assertTrue(r.problems().isEmpty());
        assertEquals(2.0, r.imbalance().ratio());
    }

    /** A 48x48 grey face-like pattern: sharp edges, or box-blurred {@code blur} pixels each way. */
    private static byte[] pattern(int seed, int blur) {
        java.util.Random random = new java.util.Random(seed);
        int n = 48;
        float[] v = new float[n * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextFloat() < 0.5 ? 40 : 210;
        }
        for (int pass = 0; pass < blur; pass++) {
            float[] out = new float[v.length];
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    float sum = 0;
                    int count = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int xx = x + dx;
                            int yy = y + dy;
                            if (xx >= 0 && yy >= 0 && xx < n && yy < n) {
                                sum += v[yy * n + xx];
                                count++;
                            }
                        }
                    }
                    out[y * n + x] = sum / count;
                }
            }
            v = out;
        }
        BufferedImage img = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < v.length; i++) {
            img.getRaster().setSample(i % n, i / n, 0, Math.round(v[i]));
        }
        return ImageEncoding.png(img);
    }

    @Test
    void trainImagesFarBlurrierThanTestImagesAreNamedAndMatchingOnesAreNot() throws IOException {
        Path shifted = tmp.resolve("shifted");
        Path matching = tmp.resolve("matching");
        for (int i = 0; i < 8; i++) {
            String cls = i % 2 == 0 ? "a" : "b";
            write(shifted, "train/" + cls + "/" + i + ".png", pattern(i, 3));
            write(shifted, "test/" + cls + "/" + i + ".png", pattern(100 + i, 0));
            write(matching, "train/" + cls + "/" + i + ".png", pattern(i, 0));
            write(matching, "test/" + cls + "/" + i + ".png", pattern(100 + i, 0));
        }
        DatasetInspection blurred = DatasetInspection.inspect(DataSource.open(shifted), 500);
        assertEquals(List.of("train", "test"), blurred.quality().stream().map(DatasetInspection.PartQuality::part).toList());
        String warning = blurred.qualityShift().orElseThrow();
        assertTrue(warning.startsWith("The train images are ") && warning.contains("x blurrier than the test images"),
                warning);
        assertTrue(warning.contains("or train with --predict-blur "), warning);
        assertTrue(DatasetInspection.inspect(DataSource.open(matching), 500).qualityShift().isEmpty());
        // The suggested blur brings the test images' sharpness down to the training images'.
        DatasetInspection.PartQuality train = blurred.quality().get(0);
        DatasetInspection.PartQuality test = blurred.quality().get(1);
        double sigma = DatasetInspection.matchingBlur(train, test).orElseThrow();
        int at = java.util.Arrays.binarySearch(DatasetInspection.BLUR_LADDER, sigma);
        assertTrue(test.blurredSharpness().get(at) <= train.sharpness(), test + " " + train);
        assertTrue(at == 0 || test.blurredSharpness().get(at - 1) > train.sharpness(), "the least such blur");
    }

    @Test
    void theSuggestedBlurIsTheLeastThatMatchesOrNone() {
        List<Double> ladder = java.util.Arrays.stream(DatasetInspection.BLUR_LADDER).map(s -> 12 / (1 + s)).boxed()
                .toList();
        DatasetInspection.PartQuality sharp = new DatasetInspection.PartQuality("test", 50, 12, 50, ladder);
        DatasetInspection.PartQuality soft = new DatasetInspection.PartQuality("train", 50, 4, 40, List.of());
        assertEquals(2.0, DatasetInspection.matchingBlur(soft, sharp).orElseThrow(), "12 / (1 + 2) = 4");
        DatasetInspection.PartQuality flat = new DatasetInspection.PartQuality("train", 50, 0.1, 1, List.of());
        assertTrue(DatasetInspection.matchingBlur(flat, sharp).isEmpty(), "no blur of the ladder gets there");
    }
}
