package dev.citra.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder();

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), "no writer for " + format);
        return out.toByteArray();
    }

    static BufferedImage noise(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        return img;
    }

    private String reason(byte[] bytes) {
        return assertThrows(CorruptImageException.class, () -> decoder.decode(bytes)).reason();
    }

    @Test
    void decodesEveryFormatToIntRgb() throws Exception {
        BufferedImage src = noise(40, 30, 1);
        for (String format : new String[] {"png", "jpg", "bmp", "gif"}) {
            BufferedImage img = decoder.decode(encode(src, format));
            assertEquals(BufferedImage.TYPE_INT_RGB, img.getType(), format);
            assertEquals(40, img.getWidth(), format);
            assertEquals(30, img.getHeight(), format);
        }
        // Lossless formats keep every pixel.
        BufferedImage png = decoder.decode(encode(src, "png"));
        assertEquals(src.getRGB(7, 9), png.getRGB(7, 9));
    }

    @Test
    void decodingStraightToIntRgbGivesTheSamePixelsAsConvertingTheDefaultDecode() throws Exception {
        for (String format : new String[] {"jpg", "png", "bmp"}) {
            for (int seed = 1; seed <= 3; seed++) {
                byte[] bytes = encode(noise(97 + seed, 61, seed), format);
                BufferedImage direct = decoder.decode(bytes);
                BufferedImage converted = ImageDecoder.standardize(
                        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes)));
                assertArrayEquals(converted.getRGB(0, 0, 97 + seed, 61, null, 0, 97 + seed),
                        direct.getRGB(0, 0, 97 + seed, 61, null, 0, 97 + seed), format + " seed " + seed);
            }
        }
    }

    @Test
    void refusesEmptyAndNonImageBytes() {
        assertEquals("empty file (0 bytes)", reason(new byte[0]));
        assertEquals("not a readable image", reason("hello, this is text".getBytes()));
    }

    @Test
    void detectsJpegAndPngCutInHalf() throws Exception {
        BufferedImage src = noise(64, 48, 2);
        for (String format : new String[] {"jpg", "png", "bmp", "gif"}) {
            byte[] full = encode(src, format);
            String reason = reason(Arrays.copyOf(full, full.length / 2));
            assertTrue(reason.startsWith("truncated or corrupt: "), format + ": " + reason);
        }
    }

    @Test
    void detectsJpegMissingOnlyItsLastBytes() throws Exception {
        byte[] full = encode(noise(64, 48, 3), "jpg");
        assertTrue(reason(Arrays.copyOf(full, full.length - 10)).startsWith("truncated or corrupt: "));
    }

    @Test
    void refusesTooManyPixelsFromTheHeaderAlone() throws Exception {
        ImageDecoder small = new ImageDecoder(399);
        String reason = assertThrows(CorruptImageException.class, () -> small.decode(encode(noise(20, 20, 4), "png")))
                .reason();
        assertEquals("too many pixels (20x20 = 400, limit 399)", reason);

        // A PNG whose header claims 100000 x 100000 pixels: decoding it would need 40 GB.
        byte[] bomb = withPngSize(encode(noise(8, 8, 5), "png"), 100_000, 100_000);
        assertEquals("too many pixels (100000x100000 = 10000000000, limit 50000000)", reason(bomb));
    }

    /** Rewrites the IHDR width and height of a PNG (with a valid chunk CRC). */
    private static byte[] withPngSize(byte[] png, int width, int height) {
        byte[] out = png.clone();
        ByteBuffer b = ByteBuffer.wrap(out);
        // Signature (8) + length (4) + "IHDR" (4), then width and height.
        b.putInt(16, width);
        b.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(out, 12, 4 + 13);
        b.putInt(12 + 4 + 13, (int) crc.getValue());
        return out;
    }

    @Test
    void keepsGreyAsGreyWithExactValues() throws Exception {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 128, 255});
        BufferedImage img = decoder.decode(encode(grey, "png"));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        assertEquals(128, img.getRaster().getSample(1, 0, 0));
    }

    @Test
    void scalesSixteenBitGreyAndRgbToEightBits() throws Exception {
        BufferedImage grey16 = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 32896, 65535});
        BufferedImage g = decoder.decode(encode(grey16, "png"));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, g.getType());
        assertEquals(128, g.getRaster().getSample(1, 0, 0));
        assertEquals(255, g.getRaster().getSample(2, 0, 0));

        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(1, 1);
        raster.setPixel(0, 0, new int[] {65535, 32896, 0});
        BufferedImage rgb = decoder.decode(encode(new BufferedImage(cm, raster, false, null), "png"));
        assertEquals(BufferedImage.TYPE_INT_RGB, rgb.getType());
        assertEquals(0xFF8000, rgb.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void compositesAlphaOverWhite() throws Exception {
        BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00000000); // fully transparent black
        argb.setRGB(1, 0, 0x80FF0000); // half-transparent red
        argb.setRGB(2, 0, 0xFF0000FF); // opaque blue
        BufferedImage img = decoder.decode(encode(argb, "png"));
        assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
        assertEquals(0xFFFFFF, img.getRGB(0, 0) & 0xFFFFFF);
        int half = img.getRGB(1, 0);
        assertEquals(255, (half >> 16) & 0xFF);
        assertEquals(127, (half >> 8) & 0xFF, 1);
        assertEquals(0x0000FF, img.getRGB(2, 0) & 0xFFFFFF);

        // Grey with alpha stays grey.
        ComponentColorModel ga = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster r = ga.createCompatibleWritableRaster(2, 1);
        r.setPixel(0, 0, new int[] {0, 0});
        r.setPixel(1, 0, new int[] {40, 255});
        BufferedImage grey = decoder.decode(encode(new BufferedImage(ga, r, false, null), "png"));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, grey.getType());
        assertEquals(255, grey.getRaster().getSample(0, 0, 0));
        assertEquals(40, grey.getRaster().getSample(1, 0, 0));
    }

    @Test
    void expandsPalettesWithTransparency() throws Exception {
        byte[] red = {(byte) 255, 0, 0};
        byte[] green = {0, (byte) 200, 0};
        byte[] blue = {0, 0, (byte) 255};
        IndexColorModel icm = new IndexColorModel(8, 3, red, green, blue, 2);
        BufferedImage indexed = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, icm);
        indexed.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 1, 2});
        for (String format : new String[] {"png", "gif"}) {
            BufferedImage img = decoder.decode(encode(indexed, format));
            assertEquals(BufferedImage.TYPE_INT_RGB, img.getType(), format);
            assertEquals(0xFF0000, img.getRGB(0, 0) & 0xFFFFFF, format);
            assertEquals(0x00C800, img.getRGB(1, 0) & 0xFFFFFF, format);
            // Index 2 is the transparent one: white.
            assertEquals(0xFFFFFF, img.getRGB(2, 0) & 0xFFFFFF, format);
        }
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        byte[] png = encode(noise(50, 50, 6), "png");
        int expected = decoder.decode(png).getRGB(10, 10);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 32; i++) {
                futures.add(pool.submit(() -> decoder.decode(png).getRGB(10, 10)));
            }
            for (var f : futures) {
                assertEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
