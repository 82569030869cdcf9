package dev.citra.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Known patterns land where the transform says, for each kind of augmentation. */
class AugmentationTest {
    private static final float[] BLACK = {0f};
    private static final int N = 11;

    private static float[] dot(int r, int c) {
        float[] img = new float[N * N];
        img[r * N + c] = 1f;
        return img;
    }

    private static int[] brightest(float[] img) {
        int best = 0;
        for (int i = 1; i < img.length; i++) {
            if (img[i] > img[best]) {
                best = i;
            }
        }
        return new int[] {best / N, best % N};
    }

    private static Augmentation.Draw draw(double degrees, double rows, double cols, double zoom, boolean flipH) {
        return new Augmentation.Draw(degrees, rows, cols, zoom, zoom, flipH, false, 1);
    }

    @Test
    void shiftMovesContentByThatManyPixels() {
        float[] out = Augmentation.warp(dot(5, 5), 1, N, draw(0, 3, -2, 1, false), "constant", BLACK);
        assertArrayEquals(new int[] {2, 7}, brightest(out));
        assertEquals(1f, out[2 * N + 7], 1e-6);
    }

    @Test
    void ninetyDegreesIsAQuarterTurnAboutTheCentre() {
        float[] out = Augmentation.warp(dot(2, 5), 1, N, draw(90, 0, 0, 1, false), "constant", BLACK);
        // Output (r, c) samples input (N-1-c, r): the dot at (2, 5) lands at (5, 8).
        assertArrayEquals(new int[] {5, 8}, brightest(out));
        float[] img = dot(1, 3);
        float[] turned = img;
        for (int i = 0; i < 4; i++) {
            turned = Augmentation.warp(turned, 1, N, draw(90, 0, 0, 1, false), "constant", BLACK);
        }
        assertArrayEquals(img, turned, 1e-5f);
    }

    @Test
    void zoomAboveOneShrinksTheContentTowardsTheCentre() {
        float[] out = Augmentation.warp(dot(5, 9), 1, N, draw(0, 0, 0, 2, false), "constant", BLACK);
        // 4 pixels right of the centre at zoom 2 shows 2 pixels right of it.
        assertArrayEquals(new int[] {5, 7}, brightest(out));
    }

    @Test
    void horizontalFlipMirrorsColumns() {
        float[] out = Augmentation.warp(dot(1, 2), 1, N, draw(0, 0, 0, 1, true), "constant", BLACK);
        assertArrayEquals(new int[] {1, 8}, brightest(out));
    }

    @Test
    void fillModesDecideWhatComesInFromOutside() {
        float[] ramp = new float[N * N];
        for (int r = 0; r < N; r++) {
            for (int c = 0; c < N; c++) {
                ramp[r * N + c] = r;
            }
        }
        // Shift by -2 rows: output rows 0 and 1 sample input rows -2 and -1.
        Augmentation.Draw up = draw(0, -2, 0, 1, false);
        float[] constant = Augmentation.warp(ramp, 1, N, up, "constant", new float[] {-1f});
        assertEquals(-1f, constant[0], 1e-6);
        assertEquals(0f, constant[2 * N], 1e-6);
        assertEquals(0f, Augmentation.warp(ramp, 1, N, up, "nearest", BLACK)[0], 1e-6);
        // SciPy's wrap repeats every N-1 rows: row -2 is row N-3.
        assertEquals(N - 3f, Augmentation.warp(ramp, 1, N, up, "wrap", BLACK)[0], 1e-6);
        assertEquals(1f, Augmentation.warp(ramp, 1, N, up, "reflect", BLACK)[0], 1e-6);
        assertEquals(0f, Augmentation.warp(ramp, 1, N, up, "reflect", BLACK)[N], 1e-6);
    }

    /**
     * Keras's ImageDataGenerator samples through SciPy's {@code ndimage} (order 1), whose {@code wrap}
     * (since SciPy 1.6) repeats every N-1 pixels rather than N ({@code grid-wrap}), and whose
     * {@code constant} does not blend the edge into the fill. The values come from Debian's
     * python3-scipy 1.10.1 ({@code apt-get install python3-scipy}, then {@code /usr/bin/python3}) with
     * this script, which prints the {@code check} lines below (wrapped here):
     * <pre>{@code
     * # Reference values for AugmentationTest.fillModesMatchKerasAndScipy: what Keras's
     * # ImageDataGenerator.apply_affine_transform gives (tf.keras 2.x: centre size/2 - 0.5;
     * # scipy.ndimage.affine_transform, order=1, cval=0) on a 5x5 image img[r, c] = 5r + c.
     * import numpy as np, scipy, scipy.ndimage as ndi
     * img = np.arange(25, dtype=np.float64).reshape(5, 5)
     * def keras(theta_deg, tx, ty, zx, zy, mode):
     *     t = np.deg2rad(theta_deg)
     *     m = np.array([[np.cos(t), -np.sin(t), 0], [np.sin(t), np.cos(t), 0], [0, 0, 1]])
     *     m = m @ np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]]) @ np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]])
     *     o = 5 / 2 - 0.5
     *     m = np.array([[1, 0, o], [0, 1, o], [0, 0, 1]]) @ m @ np.array([[1, 0, -o], [0, 1, -o], [0, 0, 1]])
     *     return ndi.affine_transform(img, m[:2, :2], m[:2, 2], order=1, mode=mode, cval=0.0)
     * cases = [(0, 1.5, 0, 1, 1, "wrap"), (0, 0, -2, 1, 1, "wrap"), (30, 0, 0, 1, 1, "wrap"),
     *          (20, 0.7, -1.2, 1.1, 0.9, "wrap"), (30, 0, 0, 1, 1, "constant"), (30, 0, 0, 1, 1, "reflect"),
     *          (30, 0, 0, 1, 1, "nearest")]
     * print("// scipy", scipy.__version__)
     * for theta, tx, ty, zx, zy, mode in cases:
     *     out = keras(theta, tx, ty, zx, zy, mode).ravel()
     *     print(f'check({theta}, {tx}, {ty}, {zx}, {zy}, "{mode}", ' + ", ".join(f"{v:.6f}f".replace(".000000f", "f") for v in out) + ");")
     * }</pre>
     */
    @Test
    void fillModesMatchKerasAndScipy() {
        check(0, 1.5, 0, 1, 1, "wrap", 7.5f, 8.5f, 9.5f, 10.5f, 11.5f, 12.5f, 13.5f, 14.5f, 15.5f, 16.5f, 17.5f, 18.5f, 19.5f,
                20.5f, 21.5f, 2.5f, 3.5f, 4.5f, 5.5f, 6.5f, 7.5f, 8.5f, 9.5f, 10.5f, 11.5f);
        check(0, 0, -2, 1, 1, "wrap", 2f, 3f, 0f, 1f, 2f, 7f, 8f, 5f, 6f, 7f, 12f, 13f, 10f, 11f, 12f, 17f, 18f, 15f, 16f, 17f, 22f,
                23f, 20f, 21f, 22f);
        check(30, 0, 0, 1, 1, "wrap", 9.607695f, 3.973721f, 2.339746f, 20.705771f, 19.071797f, 14.437822f, 8.803848f,
                7.169873f, 5.535898f, 3.901924f, 15.267949f, 13.633975f, 12f, 10.366025f, 8.732051f, 20.098076f, 18.464102f,
                16.830127f, 15.196152f, 9.562178f, 4.928203f, 3.294229f, 21.660254f, 20.026279f, 14.392305f);
        check(20, 0.7, -1.2, 1.1, 0.9, "wrap", 10.750499f, 10.057132f, 5.363765f, 4.670398f, 3.977030f, 16.295031f,
                15.601664f, 10.908296f, 10.214929f, 9.521562f, 21.839563f, 17.146195f, 16.452828f, 15.759461f, 15.066093f,
                7.384094f, 2.690727f, 1.997360f, 21.303992f, 20.610625f, 8.928626f, 8.235258f, 7.541891f, 6.848524f,
                6.155157f);
        check(30, 0, 0, 1, 1, "constant", 0f, 3.973721f, 2.339746f, 0f, 0f, 0f, 8.803848f, 7.169873f, 5.535898f, 3.901924f,
                15.267949f, 13.633975f, 12f, 10.366025f, 8.732051f, 20.098076f, 18.464102f, 16.830127f, 15.196152f, 0f, 0f,
                0f, 21.660254f, 20.026279f, 0f);
        check(30, 0, 0, 1, 1, "reflect", 6.339746f, 3.973721f, 2.339746f, 1.866025f, 2.732051f, 10.669873f, 8.803848f,
                7.169873f, 5.535898f, 3.901924f, 15.267949f, 13.633975f, 12f, 10.366025f, 8.732051f, 20.098076f, 18.464102f,
                16.830127f, 15.196152f, 13.330127f, 21.267949f, 22.133975f, 21.660254f, 20.026279f, 17.660254f);
        check(30, 0, 0, 1, 1, "nearest", 6.339746f, 3.973721f, 2.339746f, 1.866025f, 2.732051f, 10.669873f, 8.803848f,
                7.169873f, 5.535898f, 3.901924f, 15.267949f, 13.633975f, 12f, 10.366025f, 8.732051f, 20.098076f, 18.464102f,
                16.830127f, 15.196152f, 13.330127f, 21.267949f, 22.133975f, 21.660254f, 20.026279f, 17.660254f);
    }

    /** Output of {@code warp} on the 5x5 image img[r][c] = 5r + c against SciPy's, to 1e-5. */
    private static void check(double degrees, double rows, double cols, double zoomRows, double zoomCols, String mode,
            float... expected) {
        float[] img = new float[25];
        for (int i = 0; i < img.length; i++) {
            img[i] = i;
        }
        Augmentation.Draw d = new Augmentation.Draw(degrees, rows, cols, zoomRows, zoomCols, false, false, 1);
        assertArrayEquals(expected, Augmentation.warp(img, 1, 5, d, mode, BLACK), 1e-5f,
                mode + " " + degrees + " degrees, shift (" + rows + ", " + cols + "), zoom (" + zoomRows + ", " + zoomCols + ")");
    }

    @Test
    void drawsStayInTheirRangesAndFollowTheSeed() {
        Augmentation aug = new Augmentation(90.0, 10.0, 0.1, List.of(0.7, 1.3), true, false, null, null).validate();
        Random random = new Random(5);
        int flips = 0;
        for (int i = 0; i < 500; i++) {
            Augmentation.Draw d = aug.draw(random, 48);
            assertTrue(Math.abs(d.degrees()) <= 90);
            assertTrue(Math.abs(d.shiftCols()) <= 10, "10 or more is pixels");
            assertTrue(Math.abs(d.shiftRows()) <= 0.1 * 48, "below 1 is a fraction of the side");
            assertTrue(d.zoomRows() >= 0.7 && d.zoomRows() <= 1.3 && d.zoomCols() >= 0.7 && d.zoomCols() <= 1.3);
            flips += d.flipHorizontal() ? 1 : 0;
        }
        assertTrue(flips > 200 && flips < 300, "about half are flipped: " + flips);
        assertEquals(aug.draw(new Random(9), 48), aug.draw(new Random(9), 48));
    }

    @Test
    void badSettingsAreNamed() {
        assertEquals("augment.zoom_range must be [low, high] with 0 < low <= high, e.g. [0.7, 1.3]; got [1.3, 0.7].",
                assertThrows(CitraException.class,
                        () -> new Augmentation(null, null, null, List.of(1.3, 0.7), null, null, null, null).validate()).getMessage());
        assertEquals("Unknown augment.fill_mode 'mirror': use one of [nearest, constant, reflect, wrap].",
                assertThrows(CitraException.class,
                        () -> new Augmentation(null, null, null, null, null, null, "mirror", null).validate()).getMessage());
        assertTrue(new Augmentation(null, null, null, null, null, null, null, null).isIdentity());
        for (List<Double> range : List.of(List.of(1.2, 0.8), List.of(-0.5, 1.0), List.of(0.5))) {
            assertEquals("augment.brightness_range must be [low, high] with 0 <= low <= high, e.g. [0.8, 1.2] (1 = unchanged);"
                    + " got " + range + ".", assertThrows(CitraException.class, () -> brightness(range).validate()).getMessage());
        }
        assertTrue(brightness(List.of(1.0, 1.0)).isIdentity());
        assertFalse(brightness(List.of(0.9, 1.1)).isIdentity());
    }

    private static Augmentation brightness(List<Double> range) {
        return new Augmentation(null, null, null, null, null, null, null, range);
    }

    private static Augmentation.Draw brightnessOnly(double factor) {
        return new Augmentation.Draw(0, 0, 0, 1, 1, false, false, factor);
    }

    /** A size² tensor of one pixel value, normalised as {@code spec} says. */
    private static float[] flat(ImageSpec spec, int pixel) {
        int plane = spec.size() * spec.size();
        float[] t = new float[spec.tensorLength()];
        for (int c = 0; c < spec.channels(); c++) {
            java.util.Arrays.fill(t, c * plane, (c + 1) * plane, spec.normalization().apply(pixel, c, spec.channels()));
        }
        return t;
    }

    private static void assertPixel(int expected, float[] t, ImageSpec spec) {
        int plane = spec.size() * spec.size();
        for (int c = 0; c < spec.channels(); c++) {
            for (int i : new int[] {0, plane / 2, plane - 1}) {
                assertEquals(spec.normalization().apply(expected, c, spec.channels()), t[c * plane + i], 1e-4,
                        spec.normalization() + " channel " + c);
            }
        }
    }

    @Test
    void halfBrightnessHalvesMidGreyWhateverTheNormalisation() {
        for (Normalization n : Normalization.values()) {
            for (int channels : new int[] {1, 3}) {
                ImageSpec spec = new ImageSpec(8, channels, n);
                Augmentation aug = brightness(List.of(0.5, 0.5));
                assertPixel(64, aug.apply(flat(spec, 128), spec, brightnessOnly(0.5)), spec);
                // PIL's ImageEnhance.Brightness: 100 · 1.37 = 137; 200 · 1.5 = 300 is clipped to 255; 101 · 0.5 = 50.5 → 50.
                assertPixel(137, aug.apply(flat(spec, 100), spec, brightnessOnly(1.37)), spec);
                assertPixel(255, aug.apply(flat(spec, 200), spec, brightnessOnly(1.5)), spec);
                assertPixel(50, aug.apply(flat(spec, 101), spec, brightnessOnly(0.5)), spec);
            }
        }
    }

    @Test
    void brightnessFactorsCoverTheRangeAndOnlyIt() {
        Augmentation aug = brightness(List.of(0.6, 1.4)).validate();
        ImageSpec spec = new ImageSpec(8, 1, Normalization.UNIT);
        Random random = new Random(3);
        double min = Double.MAX_VALUE;
        double max = 0;
        double sum = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            double f = aug.draw(random, 8).brightness();
            assertTrue(f >= 0.6 && f <= 1.4, "factor " + f);
            min = Math.min(min, f);
            max = Math.max(max, f);
            sum += f;
        }
        assertTrue(min < 0.62 && max > 1.38, min + " .. " + max);
        assertEquals(1.0, sum / n, 0.03);
        // One seeded draw per image: apply(random) is apply(draw(random)).
        for (long seed = 0; seed < 20; seed++) {
            Augmentation.Draw d = aug.draw(new Random(seed), 8);
            float[] image = flat(spec, 128);
            assertArrayEquals(aug.apply(image, spec, d), aug.apply(image, spec, new Random(seed)));
            assertPixel((int) (128 * (float) d.brightness()), aug.apply(image, spec, d), spec);
        }
    }

    @Test
    void thePreviewShowsTheBrightness() {
        java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                grey.setRGB(x, y, 0x808080);
            }
        }
        ImageSpec spec = new ImageSpec(8, 3, Normalization.CAFFE);
        java.awt.image.BufferedImage grid = AugmentationPreview.grid(List.of(grey), spec, brightness(List.of(0.5, 0.5)), 1, 1, 1);
        // Cells are 8 px after a 4 px gap: the original, then the view.
        assertEquals(0x808080, grid.getRGB(4 + 3, 4 + 3) & 0xFFFFFF);
        assertEquals(0x404040, grid.getRGB(4 + 8 + 4 + 3, 4 + 3) & 0xFFFFFF);
    }
}
