package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.image.ImagePreprocessor;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDatasetTest {
    private static final int PER_CLASS = 40;
    private static final int SIZE = 32;

    @TempDir
    static Path shared;

    static Path data;

    @BeforeAll
    static void draw() throws Exception {
        data = shared.resolve("demo");
        DemoDataset.write(data, PER_CLASS, SIZE, 11);
    }

    private static Path file(Path dir, String c, int i) {
        return dir.resolve(c).resolve(DemoDataset.fileName(c, i));
    }

    @Test
    void writesAFolderPerClassThatImageFolderSourceReads() throws Exception {
        for (String c : DemoDataset.CLASSES) {
            try (Stream<Path> files = Files.list(data.resolve(c))) {
                assertEquals(PER_CLASS, files.count(), c);
            }
        }
        assertTrue(Files.isRegularFile(data.resolve("circle/circle_0001.png")));
        ImageDataset ds = ImageFolderSource.open(data);
        assertEquals(List.of("circle", "cross", "square", "triangle"), ds.classes());
        assertArrayEquals(new int[] {PER_CLASS, PER_CLASS, PER_CLASS, PER_CLASS}, ds.classCounts());
        assertEquals(List.of(), ds.skipped());
        DecodedImages decoded = ImageLoader.decodeAll(ds, new ImageSpec(SIZE, 3, Normalization.UNIT));
        assertEquals(List.of(), decoded.skipped());
    }

    @Test
    void isCompleteOnlyWhenEveryImageIsThere() throws Exception {
        assertTrue(DemoDataset.isComplete(data, PER_CLASS, SIZE, 11));
        assertFalse(DemoDataset.isComplete(data, PER_CLASS + 1, SIZE, 11));
        assertFalse(DemoDataset.isComplete(shared.resolve("nothing"), PER_CLASS, SIZE, 11));

        Path copy = shared.resolve("partial");
        DemoDataset.write(copy, 5, SIZE, 11);
        assertTrue(DemoDataset.isComplete(copy, 5, SIZE, 11));
        Files.delete(file(copy, "square", 3));
        assertFalse(DemoDataset.isComplete(copy, 5, SIZE, 11));
    }

    @Test
    void isCompleteOnlyForTheSeedAndSizeItWasDrawnWith(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("demo");
        DemoDataset.write(dir, 3, SIZE, 11);
        assertTrue(DemoDataset.isComplete(dir, 3, SIZE, 11));
        assertFalse(DemoDataset.isComplete(dir, 3, SIZE, 12), "drawn with another seed");
        assertFalse(DemoDataset.isComplete(dir, 3, SIZE + 16, 11), "drawn at another size");
        DemoDataset.write(dir, 3, SIZE, 12);
        assertTrue(DemoDataset.isComplete(dir, 3, SIZE, 12));
        assertFalse(DemoDataset.isComplete(dir, 3, SIZE, 11));
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherImages(@TempDir Path tmp) throws Exception {
        DemoDataset.write(tmp.resolve("a"), 6, SIZE, 11);
        DemoDataset.write(tmp.resolve("b"), 6, SIZE, 12);
        for (String c : DemoDataset.CLASSES) {
            for (int i = 1; i <= 6; i++) {
                byte[] same = Files.readAllBytes(file(tmp.resolve("a"), c, i));
                assertArrayEquals(Files.readAllBytes(file(data, c, i)), same, c + " " + i);
                assertFalse(Arrays.equals(same, Files.readAllBytes(file(tmp.resolve("b"), c, i))), c + " " + i);
            }
        }
        // Drawing fewer images again removes the extra ones.
        DemoDataset.write(tmp.resolve("a"), 4, SIZE, 11);
        assertFalse(Files.exists(file(tmp.resolve("a"), "cross", 5)));
        assertTrue(DemoDataset.isComplete(tmp.resolve("a"), 4, SIZE, 11));
    }

    /** All images as RGB tensors in [0, 1], by class. */
    private static float[][][] tensors(int channels) throws Exception {
        ImageSpec spec = new ImageSpec(SIZE, channels, Normalization.UNIT);
        float[][][] x = new float[DemoDataset.CLASSES.size()][PER_CLASS][];
        for (int c = 0; c < x.length; c++) {
            for (int i = 0; i < PER_CLASS; i++) {
                x[c][i] = ImagePreprocessor.toTensor(Files.readAllBytes(file(data, DemoDataset.CLASSES.get(c), i + 1)), spec);
            }
        }
        return x;
    }

    @Test
    void noSinglePixelSeparatesTwoClasses() throws Exception {
        float[][][] x = tensors(3);
        for (int a = 0; a < x.length; a++) {
            for (int b = a + 1; b < x.length; b++) {
                for (int p = 0; p < x[a][0].length; p++) {
                    double accuracy = bestThresholdAccuracy(x[a], x[b], p);
                    // 1.0 would mean one pixel gives the class away; chance is 0.5.
                    assertTrue(accuracy < 0.9, DemoDataset.CLASSES.get(a) + "/" + DemoDataset.CLASSES.get(b)
                            + " separable at " + p + ": " + accuracy);
                }
            }
        }
    }

    /** The best accuracy of "value at p above (or below) some threshold means class b". */
    private static double bestThresholdAccuracy(float[][] a, float[][] b, int p) {
        int n = a.length + b.length;
        float[][] v = new float[n][];
        for (int i = 0; i < a.length; i++) {
            v[i] = new float[] {a[i][p], 0};
        }
        for (int i = 0; i < b.length; i++) {
            v[a.length + i] = new float[] {b[i][p], 1};
        }
        Arrays.sort(v, (x, y) -> Float.compare(x[0], y[0]));
        int aBelow = 0;
        int bBelow = 0;
        double best = 0.5;
        for (int k = 0; k < n; k++) {
            if (v[k][1] == 0) {
                aBelow++;
            } else {
                bBelow++;
            }
            if (k + 1 < n && v[k + 1][0] == v[k][0]) {
                continue;
            }
            double accuracy = (aBelow + (b.length - bBelow)) / (double) n;
            best = Math.max(best, Math.max(accuracy, 1 - accuracy));
        }
        return best;
    }

    @Test
    void theShapeCarriesTheClass() throws Exception {
        // Colours are random, so raw mean images hardly differ; the shapes' foreground masks do:
        // a circle of the same size covers much more of the image than a triangle.
        float[][][] x = tensors(1);
        double[][] meanMask = new double[x.length][SIZE * SIZE];
        for (int c = 0; c < x.length; c++) {
            for (float[] grey : x[c]) {
                boolean[] m = foreground(grey);
                for (int p = 0; p < m.length; p++) {
                    meanMask[c][p] += m[p] ? 1.0 / PER_CLASS : 0;
                }
            }
        }
        double circle = Arrays.stream(meanMask[0]).average().orElseThrow();
        double triangle = Arrays.stream(meanMask[3]).average().orElseThrow();
        assertTrue(circle > 1.25 * triangle, "circle covers " + circle + ", triangle " + triangle);
        assertTrue(triangle > 0.05, "triangle covers " + triangle);
    }

    /**
     * Pixels clearly outside the brightness range of the image border, which shows the whole
     * background (solid or gradient) while the shape lies inside the image.
     */
    private static boolean[] foreground(float[] grey) {
        List<Float> border = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            border.add(grey[i]);
            border.add(grey[(SIZE - 1) * SIZE + i]);
            border.add(grey[i * SIZE]);
            border.add(grey[i * SIZE + SIZE - 1]);
        }
        Collections.sort(border);
        // Robust ends: a shape touching the border or a distractor line moves only a few values.
        float lo = border.get(border.size() / 20);
        float hi = border.get(border.size() - 1 - border.size() / 20);
        boolean[] m = new boolean[grey.length];
        for (int p = 0; p < grey.length; p++) {
            m[p] = grey[p] < lo - 0.1f || grey[p] > hi + 0.1f;
        }
        return m;
    }
}
