package dev.citra.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.citra.CitraException;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GaussianBlurTest {
    /** The blur written out as a plain 2-D sum over a replicated border, the definition the two passes must meet. */
    private static float[] reference(float[] plane, int size, double sigma) {
        int r = Math.max(1, (int) (4 * sigma + 0.5));
        double[] w = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            w[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += w[i + r];
        }
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double v = 0;
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        int yy = Math.min(size - 1, Math.max(0, y + dy));
                        int xx = Math.min(size - 1, Math.max(0, x + dx));
                        v += w[dy + r] * w[dx + r] / (sum * sum) * plane[yy * size + xx];
                    }
                }
                out[y * size + x] = (float) v;
            }
        }
        return out;
    }

    @Test
    void matchesTheTwoDimensionalSumWithReplicatedEdges() {
        Random random = new Random(3);
        int size = 12;
        for (double sigma : new double[] {0.6, 1.5, 4}) {
            float[] plane = new float[2 * size * size];
            for (int i = 0; i < plane.length; i++) {
                plane[i] = random.nextFloat() * 2 - 1;
            }
            float[] second = java.util.Arrays.copyOfRange(plane, size * size, plane.length);
            float[] first = java.util.Arrays.copyOf(plane, size * size);
            new GaussianBlur(sigma).apply(plane, size * size, size);
            assertArrayEquals(first, java.util.Arrays.copyOf(plane, size * size), "the plane before is untouched");
            assertArrayEquals(reference(second, size, sigma), java.util.Arrays.copyOfRange(plane, size * size,
                    plane.length), 1e-5f, "sigma " + sigma);
        }
    }

    @Test
    void keepsAFlatImageAndSpreadsAPointByTheNormalCurve() {
        float[] flat = new float[64];
        java.util.Arrays.fill(flat, 0.25f);
        new GaussianBlur(2).apply(flat, 0, 8);
        for (float v : flat) {
            assertEquals(0.25f, v, 1e-6f);
        }
        float[] point = new float[31 * 31];
        point[15 * 31 + 15] = 1;
        new GaussianBlur(1).apply(point, 0, 31);
        double total = 0;
        for (float v : point) {
            total += v;
        }
        assertEquals(1, total, 1e-5, "far from the edges nothing is lost");
        // One step from the centre along a row: exp(-1/2) of the centre, as a normal curve with sigma 1.
        assertEquals(Math.exp(-0.5), point[15 * 31 + 16] / point[15 * 31 + 15], 1e-5);
        assertEquals(Math.exp(-1), point[16 * 31 + 16] / point[15 * 31 + 15], 1e-5);
    }

    @Test
    void thePreprocessorBlursAfterResizingWhicheverTheNormalisation() {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(5);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        float[] unit = ImagePreprocessor.toTensor(img, new ImageSpec(16, 3, Normalization.UNIT, ResizeMode.PAD, false));
        float[] unitBlurred = ImagePreprocessor.toTensor(img,
                new ImageSpec(16, 3, Normalization.UNIT, ResizeMode.PAD, false, 1.5));
        float[] symmetricBlurred = ImagePreprocessor.toTensor(img,
                new ImageSpec(16, 3, Normalization.SYMMETRIC, ResizeMode.PAD, false, 1.5));
        GaussianBlur blur = new GaussianBlur(1.5);
        for (int c = 0; c < 3; c++) {
            blur.apply(unit, c * 256, 16);
        }
        assertArrayEquals(unit, unitBlurred, 1e-6f);
        for (int i = 0; i < unit.length; i++) {
            // [-1, 1] is 2 * [0, 1] - 1: blurring commutes with it.
            assertEquals(2 * unitBlurred[i] - 1, symmetricBlurred[i], 1e-5f);
        }
    }

    @Test
    void aBlurOutOfRangeIsRefusedWithTheRange() {
        CitraException e = assertThrows(CitraException.class,
                () -> new ImageSpec(48, 1, Normalization.UNIT, ResizeMode.STRETCH, true, 12));
        assertEquals("Blur 12.0 is out of range: use 0 (none) to 10 pixels.", e.getMessage());
        assertThrows(CitraException.class, () -> new ImageSpec(48, 1, Normalization.UNIT, ResizeMode.STRETCH, true,
                Double.NaN));
    }
}
