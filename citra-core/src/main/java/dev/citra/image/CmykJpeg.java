package dev.citra.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

/**
 * Turns the raw 4-component raster of a CMYK or YCCK JPEG into RGB, giving the pixels PIL (and
 * so Keras's {@code load_img}) gives: the JDK's reader refuses such files or converts them with
 * its own colour profile.
 *
 * <p>Photoshop, which writes nearly all of them, stores the inks inverted (0 = full ink), and PIL
 * reads every CMYK JPEG that way; so does this. YCCK stores the three colour inks as YCbCr, which
 * libjpeg's fixed-point YCbCr → RGB undoes first.
 */
final class CmykJpeg {
    private static final int SCALE_BITS = 16;
    private static final int ONE_HALF = 1 << (SCALE_BITS - 1);
    private static final int CR_R = fix(1.40200);
    private static final int CB_B = fix(1.77200);
    private static final int CR_G = fix(0.71414);
    private static final int CB_G = fix(0.34414);

    private CmykJpeg() {}

    /** The raster (bands C, M, Y, K as stored, or Y, Cb, Cr, K when {@code ycck}) as a {@code TYPE_INT_RGB} image. */
    static BufferedImage toRgb(Raster raster, boolean ycck) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        int[] row = new int[w * 4];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0, i = 0; x < w; x++, i += 4) {
                int c = row[i];
                int m = row[i + 1];
                int ye = row[i + 2];
                int k = row[i + 3];
                if (ycck) {
                    // libjpeg turns YCC into the complement of the stored (inverted) inks.
                    int cb = row[i + 1] - 128;
                    int cr = row[i + 2] - 128;
                    c = 255 - clamp(row[i] + ((CR_R * cr + ONE_HALF) >> SCALE_BITS));
                    m = 255 - clamp(row[i] + ((-CB_G * cb - CR_G * cr + ONE_HALF) >> SCALE_BITS));
                    ye = 255 - clamp(row[i] + ((CB_B * cb + ONE_HALF) >> SCALE_BITS));
                }
                dst[y * w + x] = (channel(c, k) << 16) | (channel(m, k) << 8) | channel(ye, k);
            }
        }
        return out;
    }

    /**
     * One RGB channel from a stored (inverted) ink and black: PIL's {@code cmyk2rgb},
     * (255 − K) − C·(255 − K)/255 with C = 255 − ink and 255 − K = black as stored.
     */
    private static int channel(int storedInk, int storedBlack) {
        return storedBlack - mulDiv255(255 - storedInk, storedBlack);
    }

    /** a·b/255 rounded, as PIL computes it. */
    private static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    private static int fix(double x) {
        return (int) (x * (1 << SCALE_BITS) + 0.5);
    }
}
