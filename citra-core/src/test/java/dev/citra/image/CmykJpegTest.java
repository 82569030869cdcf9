package dev.citra.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

/**
 * CMYK and YCCK JPEGs decode to the RGB PIL gives for them. Each test file holds two flat 8×8
 * blocks, which JPEG at full quality keeps exactly, so the expected colours are worked out by
 * hand from the stored samples.
 */
class CmykJpegTest {
    private final ImageDecoder decoder = new ImageDecoder();

    /** A 16×8 four-band raster: {@code left} samples in the left block, {@code right} in the right one. */
    private static byte[] fourBands(int[] left, int[] right) throws Exception {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 8, 4, null);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                raster.setPixel(x, y, x < 8 ? left : right);
            }
        }
        return JpegFixtures.writeRaster(raster);
    }

    private static void assertRgb(int r, int g, int b, BufferedImage img, int x) {
        int rgb = img.getRGB(x, 4);
        String at = "at x " + x + ": " + Integer.toHexString(rgb & 0xFFFFFF);
        assertEquals(r, rgb >> 16 & 0xFF, 1, at);
        assertEquals(g, rgb >> 8 & 0xFF, 1, at);
        assertEquals(b, rgb & 0xFF, 1, at);
    }

    @Test
    void adobeCmykIsReadAsInvertedInks() throws Exception {
        // Stored C, M, Y, K = 200, 50, 30, 220: inks 55, 205, 225, 35 (Adobe stores 255 - ink).
        // R = (255 - 35) - 55·220/255 = 220 - 47 = 173; G = 220 - 177 = 43; B = 220 - 194 = 26.
        byte[] cmyk = fourBands(new int[] {200, 50, 30, 220}, new int[] {10, 240, 120, 255});
        for (byte[] file : new byte[][] {JpegFixtures.insert(cmyk, JpegFixtures.adobe(0)), cmyk}) {
            BufferedImage img = decoder.decode(file);
            assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
            assertEquals(16, img.getWidth());
            assertRgb(173, 43, 26, img, 3);
            // No black ink (stored K 255): the colours are the stored inks themselves.
            assertRgb(10, 240, 120, img, 12);
        }
    }

    @Test
    void ycckIsTurnedIntoInksFirst() throws Exception {
        // Stored Y, Cb, Cr, K = 200, 50, 30, 220. YCbCr → RGB: R = 200 + 1.402·(30 - 128) = 63,
        // G = 200 - 0.34414·(50 - 128) - 0.71414·(30 - 128) = 297 → 255, B = 200 + 1.772·(50 - 128) = 62;
        // those are the inks, so R = 220 - 63·220/255 = 166, G = 220 - 220 = 0, B = 220 - 53 = 167.
        byte[] ycck = JpegFixtures.insert(fourBands(new int[] {200, 50, 30, 220}, new int[] {10, 240, 120, 255}),
                JpegFixtures.adobe(2));
        BufferedImage img = decoder.decode(ycck);
        assertRgb(166, 0, 167, img, 3);
        // Y, Cb, Cr = 10, 240, 120 → inks 0, 0, 208; no black: 255, 255, 47.
        assertRgb(255, 255, 47, img, 12);
    }

    @Test
    void thePixelLimitStillHolds() throws Exception {
        byte[] cmyk = JpegFixtures.insert(fourBands(new int[] {1, 2, 3, 4}, new int[] {5, 6, 7, 8}), JpegFixtures.adobe(0));
        String reason = assertThrows(CorruptImageException.class, () -> new ImageDecoder(127).decode(cmyk)).reason();
        assertEquals("too many pixels (16x8 = 128, limit 127)", reason);
    }

    @Test
    void aTruncatedCmykJpegIsCorruptNotFatal() throws Exception {
        byte[] cmyk = JpegFixtures.insert(fourBands(new int[] {1, 2, 3, 4}, new int[] {5, 6, 7, 8}), JpegFixtures.adobe(0));
        String reason = assertThrows(CorruptImageException.class,
                () -> decoder.decode(java.util.Arrays.copyOf(cmyk, cmyk.length - 40))).reason();
        assertEquals(true, reason.startsWith("truncated or corrupt: "), reason);
    }
}
