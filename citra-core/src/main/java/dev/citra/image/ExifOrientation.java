package dev.citra.image;

import java.awt.image.BufferedImage;

/**
 * The EXIF orientation tag (0x0112) and what it asks for: a camera stores the sensor's pixels and
 * notes how to turn them upright. Applied as PIL's {@code ImageOps.exif_transpose}, so images look
 * as a photo viewer (and a Keras user who calls it) shows them.
 */
final class ExifOrientation {
    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;

    private ExifOrientation() {}

    /**
     * The orientation in a TIFF structure (the body of an EXIF segment after {@code "Exif\0\0"}),
     * 1 when it is absent, out of range or anything in the way is malformed.
     */
    static int read(byte[] bytes, int offset, int length) {
        if (length < 8 || offset < 0 || offset + length > bytes.length) {
            return 1;
        }
        boolean little;
        if (bytes[offset] == 'I' && bytes[offset + 1] == 'I') {
            little = true;
        } else if (bytes[offset] == 'M' && bytes[offset + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        if (u16(bytes, offset + 2, little) != 42) {
            return 1;
        }
        long ifd = u32(bytes, offset + 4, little);
        if (ifd < 8 || ifd + 2 > length) {
            return 1;
        }
        int entries = u16(bytes, offset + (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = offset + (int) ifd + 2 + 12 * i;
            if (entry + 12 > offset + length) {
                return 1;
            }
            if (u16(bytes, entry, little) == ORIENTATION_TAG) {
                // A SHORT value sits in the first two bytes of the entry's value field.
                int value = u16(bytes, entry + 2, little) == TYPE_SHORT ? u16(bytes, entry + 8, little) : 1;
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    /**
     * The image turned upright: mirrored (2, 4), rotated (3, 6, 8) or transposed (5, 7). Orientation
     * 1 (or an unknown one) returns the image itself.
     */
    static BufferedImage upright(BufferedImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        int bands = image.getRaster().getNumBands();
        int[] src = image.getRaster().getPixels(0, 0, w, h, (int[]) null);
        int[] dst = new int[src.length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                // The stored pixel (sx, sy) that shows at (x, y).
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }
                }
                System.arraycopy(src, (sy * w + sx) * bands, dst, (y * ow + x) * bands, bands);
            }
        }
        BufferedImage out = new BufferedImage(ow, oh, image.getType());
        out.getRaster().setPixels(0, 0, ow, oh, dst);
        return out;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int lo = little ? b[at] & 0xFF : b[at + 1] & 0xFF;
        int hi = little ? b[at + 1] & 0xFF : b[at] & 0xFF;
        return (hi << 8) | lo;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long first = u16(b, at, little);
        long second = u16(b, at + 2, little);
        return little ? (second << 16) | first : (first << 16) | second;
    }
}
