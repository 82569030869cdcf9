package dev.citra.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ImagePreprocessorTest {
    private static final float EPS = 1e-6f;

    private static BufferedImage solid(int w, int h, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    private static int pixel(float[] t, int size, int c, int y, int x) {
        return Math.round(t[c * size * size + y * size + x] * 255);
    }

    @Test
    void laysOutChannelsFirst() {
        // Left half red, right half blue, at the target size: no resampling.
        BufferedImage img = solid(8, 8, 0xFF0000);
        for (int y = 0; y < 8; y++) {
            for (int x = 4; x < 8; x++) {
                img.setRGB(x, y, 0x0000FF);
            }
        }
        float[] t = ImagePreprocessor.toTensor(img, new ImageSpec(8, 3, Normalization.UNIT));
        assertEquals(3 * 64, t.length);
        assertEquals(255, pixel(t, 8, 0, 5, 1));
        assertEquals(0, pixel(t, 8, 2, 5, 1));
        assertEquals(0, pixel(t, 8, 0, 5, 6));
        assertEquals(255, pixel(t, 8, 2, 5, 6));
        assertEquals(0, pixel(t, 8, 1, 2, 2));
    }

    @Test
    void greyIsRoundedBt601Luma() {
        float[] t = ImagePreprocessor.toTensor(solid(8, 8, 0x0AC81E), new ImageSpec(8, 1, Normalization.UNIT));
        assertEquals(64, t.length);
        // 0.299·10 + 0.587·200 + 0.114·30 = 124.31
        assertEquals(124 / 255f, t[0], EPS);
    }

    @Test
    void greyImagesFeedRgbNetworksOnEveryChannel() {
        BufferedImage grey = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(3, 3, 0, 77);
        float[] t = ImagePreprocessor.toTensor(grey, new ImageSpec(8, 3, Normalization.UNIT));
        for (int c = 0; c < 3; c++) {
            assertEquals(77, pixel(t, 8, c, 3, 3));
        }
    }

    @Test
    void resizingKeepsFlatColoursExactly() {
        ImageSpec spec = new ImageSpec(10, 3, Normalization.UNIT);
        // Area (100 -> 10), bilinear (15 -> 10), upscaling (5 -> 10), a stretch (40 x 13) and tiny images.
        for (int[] wh : new int[][] {{100, 100}, {15, 15}, {5, 5}, {40, 13}, {1, 1}, {1, 7}, {2, 3}}) {
            float[] t = ImagePreprocessor.toTensor(solid(wh[0], wh[1], 0x336699), spec);
            for (int i = 0; i < 100; i++) {
                assertEquals(0x33, pixel(t, 10, 0, i / 10, i % 10));
                assertEquals(0x99, pixel(t, 10, 2, i / 10, i % 10));
            }
        }
    }

    @Test
    void shrinkingByMoreThanTwiceAveragesInsteadOfAliasing() {
        // A one-pixel checkerboard: point sampling would give pure black or white.
        BufferedImage board = solid(64, 64, 0);
        for (int y = 0; y < 64; y++) {
            for (int x = (y % 2); x < 64; x += 2) {
                board.setRGB(x, y, 0xFFFFFF);
            }
        }
        float[] t = ImagePreprocessor.toTensor(board, new ImageSpec(8, 1, Normalization.UNIT));
        for (float v : t) {
            assertEquals(128 / 255f, v, 1.5f / 255);
        }
    }

    @Test
    void bilinearKeepsARampMonotonic() {
        BufferedImage ramp = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 20; x++) {
                int v = x * 255 / 19;
                ramp.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        float[] t = ImagePreprocessor.toTensor(ramp, new ImageSpec(12, 1, Normalization.UNIT));
        for (int x = 1; x < 12; x++) {
            assertTrue(t[x] > t[x - 1], "column " + x);
        }
        // Sampling at pixel centres keeps the ramp centred: the mean stays near mid-grey.
        float mean = 0;
        for (int x = 0; x < 12; x++) {
            mean += t[x] / 12;
        }
        assertEquals(0.5f, mean, 0.01f);
    }

    @Test
    void appliesTheNormalisation() {
        BufferedImage black = solid(8, 8, 0);
        assertEquals(-1f, ImagePreprocessor.toTensor(black, new ImageSpec(8, 1, Normalization.SYMMETRIC))[0], EPS);
        float[] t = ImagePreprocessor.toTensor(solid(8, 8, 0xFFFFFF), new ImageSpec(8, 3, Normalization.TORCH));
        assertEquals((1 - 0.485f) / 0.229f, t[0], 1e-5f);
        assertEquals((1 - 0.406f) / 0.225f, t[2 * 64], 1e-5f);
    }

    @Test
    void decodesBytesAndReportsCorruptOnes() throws Exception {
        byte[] png = ImageDecoderTest.encode(solid(16, 16, 0x808080), "png");
        float[] t = ImagePreprocessor.toTensor(png, new ImageSpec(8, 1, Normalization.UNIT));
        assertEquals(128 / 255f, t[0], EPS);
        assertThrows(CorruptImageException.class,
                () -> ImagePreprocessor.toTensor(new byte[] {1, 2, 3}, new ImageSpec(8, 1, Normalization.UNIT)));
    }

    @Test
    void givesTheSameResultFromManyThreads() throws Exception {
        BufferedImage img = ImageDecoderTest.noise(97, 61, 9);
        ImageSpec spec = new ImageSpec(24, 3, Normalization.TORCH);
        float[] expected = ImagePreprocessor.toTensor(img, spec);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.submit(() -> ImagePreprocessor.toTensor(img, spec)));
            }
            for (Future<float[]> f : futures) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
