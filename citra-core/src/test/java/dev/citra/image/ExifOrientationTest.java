package dev.citra.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A 40×20 photo stored with a red block at its top-left corner and a blue one at its top-right
 * shows them where each EXIF orientation puts them (as PIL's {@code exif_transpose}).
 */
class ExifOrientationTest {
    private static final int W = 40;
    private static final int H = 20;
    private final ImageDecoder decoder = new ImageDecoder();

    private static byte[] photo() throws Exception {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean top = y < 8;
                img.setRGB(x, y, top && x < 8 ? 0xFF0000 : top && x >= W - 8 ? 0x0000FF : 0xFFFFFF);
            }
        }
        return ImageDecoderTest.encode(img, "jpg");
    }

    /** The colour near a corner ("tl", "tr", "bl", "br"): 'r', 'b' or 'w'. */
    private static char corner(BufferedImage img, String which) {
        int x = which.charAt(1) == 'l' ? 3 : img.getWidth() - 4;
        int y = which.charAt(0) == 't' ? 3 : img.getHeight() - 4;
        int rgb = img.getRGB(x, y);
        int r = rgb >> 16 & 0xFF;
        int b = rgb & 0xFF;
        return r > 200 && b < 60 ? 'r' : b > 200 && r < 60 ? 'b' : r > 200 && b > 200 ? 'w' : '?';
    }

    /** Corners tl, tr, bl, br of the upright image. */
    private static String corners(BufferedImage img) {
        return "" + corner(img, "tl") + corner(img, "tr") + corner(img, "bl") + corner(img, "br");
    }

    @Test
    void everyOrientationTurnsThePhotoUpright() throws Exception {
        byte[] photo = photo();
        String[] expected = {
            null,
            "rbww", // 1: as stored
            "brww", // 2: mirrored left-right
            "wwbr", // 3: turned 180°
            "wwrb", // 4: mirrored top-bottom
            "rwbw", // 5: transposed
            "wrwb", // 6: turned 90° clockwise
            "wbwr", // 7: transverse
            "bwrw", // 8: turned 90° anticlockwise
        };
        for (int o = 1; o <= 8; o++) {
            for (boolean little : new boolean[] {true, false}) {
                BufferedImage img = decoder.decode(JpegFixtures.insert(photo, JpegFixtures.exifOrientation(o, little)));
                String where = "orientation " + o + (little ? " (II)" : " (MM)");
                assertEquals(o >= 5 ? H : W, img.getWidth(), where);
                assertEquals(o >= 5 ? W : H, img.getHeight(), where);
                assertEquals(expected[o], corners(img), where);
            }
        }
    }

    @Test
    void greyJpegsAreTurnedToo() throws Exception {
        BufferedImage grey = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 255);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                grey.getRaster().setSample(x, y, 0, 255);
            }
        }
        BufferedImage img = decoder.decode(JpegFixtures.insert(ImageDecoderTest.encode(grey, "jpg"),
                JpegFixtures.exifOrientation(6, false)));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, img.getType());
        assertEquals(H, img.getWidth());
        assertTrue(img.getRaster().getSample(H - 4, 3, 0) > 200, "the bright corner is now top-right");
        assertTrue(img.getRaster().getSample(3, 3, 0) < 50);
    }

    @Test
    void aCorruptExifBlockCostsTheOrientationNotTheImage() throws Exception {
        byte[] photo = photo();
        Random random = new Random(7);
        byte[][] bodies = {
            "Exif\0\0garbage".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
            "Exif\0\0MM\0*\u00ff\u00ff\u00ff\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), // IFD far away
            "Exif\0\0II*\0\u0008\0\0\0\u00ff\u00ff".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), // 65535 entries
            "Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
        };
        for (byte[] body : bodies) {
            BufferedImage img = decoder.decode(JpegFixtures.insert(photo, JpegFixtures.segment(1, body)));
            assertEquals("rbww", corners(img), new String(body, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        // Random bytes after a valid TIFF header: any orientation may come out, but never an error.
        byte[] valid = JpegFixtures.exifOrientation(6, true);
        for (int i = 0; i < 300; i++) {
            byte[] noisy = valid.clone();
            for (int k = 10; k < noisy.length; k++) {
                if (random.nextInt(3) == 0) {
                    noisy[k] = (byte) random.nextInt(256);
                }
            }
            BufferedImage img = decoder.decode(JpegFixtures.insert(photo, noisy));
            assertTrue(img.getWidth() == W || img.getWidth() == H);
        }
        // An orientation value outside 1..8 is ignored.
        assertEquals("rbww", corners(decoder.decode(JpegFixtures.insert(photo, JpegFixtures.exifOrientation(9, true)))));
    }

    @Test
    void theHeaderReaderSurvivesAnyBytes() {
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (bytes.length >= 2) {
                bytes[0] = (byte) 0xFF;
                bytes[1] = (byte) 0xD8;
            }
            if (bytes.length >= 4 && random.nextBoolean()) {
                bytes[2] = (byte) 0xFF;
                bytes[3] = (byte) 0xE1;
            }
            JpegHeader header = JpegHeader.read(bytes);
            assertTrue(header == null || (header.orientation() >= 1 && header.orientation() <= 8));
            byte[] tiff = new byte[random.nextInt(80)];
            random.nextBytes(tiff);
            if (tiff.length >= 4) {
                System.arraycopy(random.nextBoolean() ? new byte[] {'I', 'I', 42, 0} : new byte[] {'M', 'M', 0, 42}, 0, tiff, 0, 4);
            }
            int o = ExifOrientation.read(tiff, random.nextInt(3), tiff.length + random.nextInt(3) - 1);
            assertTrue(o >= 1 && o <= 8, "orientation " + o);
        }
    }

    @Test
    void thePixelLimitStillHoldsForTurnedPhotos() throws Exception {
        byte[] turned = JpegFixtures.insert(photo(), JpegFixtures.exifOrientation(6, true));
        String reason = assertThrows(CorruptImageException.class, () -> new ImageDecoder(W * H - 1).decode(turned)).reason();
        assertEquals("too many pixels (40x20 = 800, limit 799)", reason);
    }
}
