package dev.citra.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Turns an image into a network input: stretch to {@code spec.size()}², grey or RGB, normalise,
 * channels-first (C, H, W). Training and prediction both go through here, so a model sees the
 * same pixels in both.
 *
 * <p>Stateless and thread-safe. The resize works on int pixel arrays with PIL's bilinear filter
 * (see {@code Taps}), so citra's inputs match those of Keras and PIL-based pipelines.
 */
public final class ImagePreprocessor {
    // Immutable, so sharing one is safe.
    private static final ImageDecoder DECODER = new ImageDecoder();

    private ImagePreprocessor() {}

    /** Decodes (with the default limits) and pre-processes encoded image bytes. */
    public static float[] toTensor(byte[] encoded, ImageSpec spec) throws CorruptImageException {
        return toTensor(DECODER.decode(encoded), spec);
    }

    /** Pre-processes an image into a CHW float array of length {@code spec.tensorLength()}. */
    public static float[] toTensor(BufferedImage image, ImageSpec spec) {
        int channels = spec.channels();
        int size = spec.size();
        BufferedImage img = ImageDecoder.standardize(image);
        int w = img.getWidth();
        int h = img.getHeight();
        Taps xTaps = w == size ? null : Taps.of(w, size);
        Taps yTaps = h == size ? null : Taps.of(h, size);
        float[] out = new float[spec.tensorLength()];
        float[] lut = new float[256];
        boolean grey = img.getType() == BufferedImage.TYPE_BYTE_GRAY;
        int[] pixels = grey ? greySamples(img) : rgbPixels(img);
        if (channels == 1 && !grey) {
            // Grey before resizing, as Keras does (PIL convert("L"), then resize); also a third of the work.
            int[] luma = new int[pixels.length];
            for (int i = 0; i < luma.length; i++) {
                int p = pixels[i];
                luma[i] = luma((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF);
            }
            pixels = luma;
            grey = true;
        }
        for (int c = 0; c < channels; c++) {
            // A lookup table gives exactly Normalization.apply, without its per-pixel switch.
            for (int v = 0; v < 256; v++) {
                lut[v] = spec.normalization().apply(v, c, channels);
            }
            // Packed RGB is read in place, one channel at a time, rather than split into planes.
            int shift = grey ? 0 : 16 - 8 * c;
            resize(pixels, shift, w, h, size, xTaps, yTaps, lut, out, c * size * size);
        }
        return out;
    }

    private static int[] greySamples(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] grey = new int[w * h];
        byte[] direct = directBytes(img.getRaster(), w, h);
        if (direct != null) {
            for (int i = 0; i < grey.length; i++) {
                grey[i] = direct[i] & 0xFF;
            }
        } else {
            // Raw samples: going through getRGB would apply the linear-grey colour space's gamma.
            img.getRaster().getSamples(0, 0, w, h, 0, grey);
        }
        return grey;
    }

    private static int[] rgbPixels(BufferedImage img) {
        int[] rgb = directInts(img.getRaster(), img.getWidth(), img.getHeight());
        return rgb != null ? rgb : (int[]) img.getRaster().getDataElements(0, 0, img.getWidth(), img.getHeight(), null);
    }

    /**
     * The raster's own pixel array when it is laid out plainly (no sub-image offsets), else null.
     * Reading it directly is several times faster than the per-pixel raster accessors; it is only read.
     */
    private static int[] directInts(Raster raster, int w, int h) {
        if (raster.getDataBuffer() instanceof DataBufferInt db && db.getNumBanks() == 1 && plain(raster, w, h, db.getOffset())
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel sm && sm.getScanlineStride() == w) {
            int[] data = db.getData();
            return data.length == w * h ? data : null;
        }
        return null;
    }

    private static byte[] directBytes(Raster raster, int w, int h) {
        if (raster.getDataBuffer() instanceof DataBufferByte db && db.getNumBanks() == 1 && plain(raster, w, h, db.getOffset())
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm && sm.getScanlineStride() == w
                && sm.getPixelStride() == 1) {
            byte[] data = db.getData();
            return data.length == w * h ? data : null;
        }
        return null;
    }

    private static boolean plain(Raster raster, int w, int h, int offset) {
        return offset == 0 && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && raster.getWidth() == w && raster.getHeight() == h;
    }

    /** ITU-R BT.601 luma, rounded (what PIL's convert("L") and OpenCV compute). */
    static int luma(int r, int g, int b) {
        return (299 * r + 587 * g + 114 * b + 500) / 1000;
    }

    /**
     * Resizes channel {@code (src[i] >> shift) & 0xFF} to size², normalises it through {@code lut} and
     * writes it to {@code out} from {@code offset}. A null tap set means that axis keeps its length.
     */
    private static void resize(int[] src, int shift, int w, int h, int size, Taps xTaps, Taps yTaps, float[] lut,
            float[] out, int offset) {
        if (xTaps == null && yTaps == null) {
            for (int i = 0; i < src.length; i++) {
                out[offset + i] = lut[(src[i] >> shift) & 0xFF];
            }
            return;
        }
        int dw = xTaps == null ? w : size;
        float[] tmp = new float[h * dw];
        if (xTaps == null) {
            for (int i = 0; i < src.length; i++) {
                tmp[i] = (src[i] >> shift) & 0xFF;
            }
        } else {
            for (int y = 0; y < h; y++) {
                int row = y * w;
                int outRow = y * dw;
                for (int x = 0; x < dw; x++) {
                    float sum = 0f;
                    int base = row + xTaps.start[x];
                    int wi = x * xTaps.stride;
                    for (int k = 0, n = xTaps.count[x]; k < n; k++) {
                        sum += xTaps.weights[wi + k] * ((src[base + k] >> shift) & 0xFF);
                    }
                    // PIL keeps 8 bits between the two passes; so do we, to give the same pixels.
                    tmp[outRow + x] = clamp(sum);
                }
            }
        }
        if (yTaps == null) {
            for (int i = 0; i < tmp.length; i++) {
                out[offset + i] = lut[clamp(tmp[i])];
            }
            return;
        }
        float[] acc = new float[dw];
        for (int y = 0; y < size; y++) {
            java.util.Arrays.fill(acc, 0f);
            int start = yTaps.start[y];
            for (int k = 0; k < yTaps.count[y]; k++) {
                float weight = yTaps.weights[y * yTaps.stride + k];
                int row = (start + k) * dw;
                for (int x = 0; x < dw; x++) {
                    acc[x] += weight * tmp[row + x];
                }
            }
            int outRow = offset + y * size;
            for (int x = 0; x < dw; x++) {
                out[outRow + x] = lut[clamp(acc[x])];
            }
        }
    }

    private static int clamp(float v) {
        int i = (int) (v + 0.5f);
        return i < 0 ? 0 : Math.min(255, i);
    }

    /**
     * Which source pixels, with which weights, make each output pixel along one axis: PIL's
     * bilinear filter (what Keras's {@code load_img} and most Python pipelines resize with), a
     * triangle around the output pixel's centre whose support widens with the shrink factor, so a
     * large downscale averages instead of aliasing.
     */
    private record Taps(int[] start, int[] count, float[] weights, int stride) {
        static Taps of(int src, int dst) {
            double scale = (double) src / dst;
            double support = Math.max(1.0, scale);
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[dst];
            int[] count = new int[dst];
            float[] weights = new float[dst * stride];
            for (int i = 0; i < dst; i++) {
                double centre = (i + 0.5) * scale;
                int lo = Math.max(0, (int) (centre - support + 0.5));
                int hi = Math.min(src, (int) (centre + support + 0.5));
                double total = 0;
                double[] w = new double[hi - lo];
                for (int k = lo; k < hi; k++) {
                    double t = Math.abs((k - centre + 0.5) / support);
                    w[k - lo] = t < 1 ? 1 - t : 0;
                    total += w[k - lo];
                }
                start[i] = lo;
                count[i] = hi - lo;
                for (int k = 0; k < w.length; k++) {
                    weights[i * stride + k] = (float) (w[k] / total);
                }
            }
            return new Taps(start, count, weights, stride);
        }
    }
}
