package dev.citra.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * Turns an image into a network input: resize to {@code spec.size()}² (stretched, padded or
 * cropped), grey or RGB (BGR for caffe), normalise, blur if the spec asks, channels-first (C, H, W). Training and
 * prediction both go through here, so a model sees the same pixels in both.
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
        Axis xAxis = Axis.of(spec.resize(), w, Math.max(w, h), Math.min(w, h), size);
        Axis yAxis = Axis.of(spec.resize(), h, Math.max(w, h), Math.min(w, h), size);
        float[] out = new float[spec.tensorLength()];
        float[] lut = new float[256];
        boolean grey = img.getType() == BufferedImage.TYPE_BYTE_GRAY;
        int[] pixels = grey ? greySamples(img) : rgbPixels(img);
        if (spec.grey() && !grey) {
            // Grey before resizing, as Keras does (PIL convert("L"), then resize); also a third of the work.
            int[] luma = new int[pixels.length];
            for (int i = 0; i < luma.length; i++) {
                int p = pixels[i];
                luma[i] = luma((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF);
            }
            pixels = luma;
            grey = true;
        }
        Normalization norm = spec.normalization();
        for (int c = 0; c < channels; c++) {
            // A lookup table gives exactly Normalization.apply, without its per-pixel switch.
            for (int v = 0; v < 256; v++) {
                lut[v] = norm.apply(v, c, channels);
            }
            // Packed RGB is read in place, one channel at a time, rather than split into planes.
            int shift = grey ? 0 : 16 - 8 * norm.sourceChannel(c, channels);
            resize(pixels, shift, w, xAxis, yAxis, size, lut, out, c * size * size);
        }
        if (spec.blur() > 0) {
            GaussianBlur blur = new GaussianBlur(spec.blur());
            for (int c = 0; c < channels; c++) {
                blur.apply(out, c * size * size, size);
            }
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
     * Resizes channel {@code (src[i] >> shift) & 0xFF} of a {@code w}-wide image as the two axes say,
     * normalises it through {@code lut} and writes it into the size² plane of {@code out} that starts
     * at {@code offset}; what the image does not cover (padding) is pixel value 0.
     */
    private static void resize(int[] src, int shift, int w, Axis xAxis, Axis yAxis, int size, float[] lut,
            float[] out, int offset) {
        int dw = xAxis.length();
        int dh = yAxis.length();
        if (dw < size || dh < size) {
            java.util.Arrays.fill(out, offset, offset + size * size, lut[0]);
        }
        int first = offset + yAxis.offset() * size + xAxis.offset();
        Taps xTaps = xAxis.taps();
        Taps yTaps = yAxis.taps();
        if (xTaps == null && yTaps == null) {
            for (int y = 0; y < dh; y++) {
                for (int x = 0, row = y * w, o = first + y * size; x < dw; x++) {
                    out[o + x] = lut[(src[row + x] >> shift) & 0xFF];
                }
            }
            return;
        }
        // Only the source rows the vertical pass reads go through the horizontal one (a crop skips the rest).
        int rowFrom = yTaps == null ? 0 : yTaps.start[0];
        int rows = yTaps == null ? dh : yTaps.end() - rowFrom;
        float[] tmp = new float[rows * dw];
        for (int y = 0; y < rows; y++) {
            int row = (rowFrom + y) * w;
            int outRow = y * dw;
            if (xTaps == null) {
                for (int x = 0; x < dw; x++) {
                    tmp[outRow + x] = (src[row + x] >> shift) & 0xFF;
                }
                continue;
            }
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
        if (yTaps == null) {
            for (int y = 0; y < dh; y++) {
                for (int x = 0, o = first + y * size; x < dw; x++) {
                    out[o + x] = lut[clamp(tmp[y * dw + x])];
                }
            }
            return;
        }
        float[] acc = new float[dw];
        for (int y = 0; y < dh; y++) {
            java.util.Arrays.fill(acc, 0f);
            int start = yTaps.start[y] - rowFrom;
            for (int k = 0; k < yTaps.count[y]; k++) {
                float weight = yTaps.weights[y * yTaps.stride + k];
                int row = (start + k) * dw;
                for (int x = 0; x < dw; x++) {
                    acc[x] += weight * tmp[row + x];
                }
            }
            for (int x = 0, o = first + y * size; x < dw; x++) {
                out[o + x] = lut[clamp(acc[x])];
            }
        }
    }

    private static int clamp(float v) {
        int i = (int) (v + 0.5f);
        return i < 0 ? 0 : Math.min(255, i);
    }

    /**
     * One axis of the resize: the taps that make its {@code length} output pixels (null when the
     * source is copied as it is) and where they start in the square input ({@code offset}, non-zero
     * only when padding).
     */
    private record Axis(Taps taps, int offset, int length) {
        /**
         * @param src this axis's source length
         * @param longSide the longer and {@code shortSide} the shorter source side
         */
        static Axis of(ResizeMode mode, int src, int longSide, int shortSide, int size) {
            switch (mode) {
                case PAD: {
                    int length = Math.max(1, (int) Math.round((double) src * size / longSide));
                    return new Axis(length == src ? null : Taps.of(src, 0, src, length), (size - length) / 2, length);
                }
                case CROP: {
                    // Keras's keep_aspect_ratio box: the centred square of the short side.
                    int start = (src - shortSide) / 2;
                    boolean whole = start == 0 && shortSide == src && src == size;
                    return new Axis(whole ? null : Taps.of(src, start, shortSide, size), 0, size);
                }
                default:
                    return new Axis(src == size ? null : Taps.of(src, 0, src, size), 0, size);
            }
        }
    }

    /**
     * Which source pixels, with which weights, make each output pixel along one axis: PIL's
     * bilinear filter (what Keras's {@code load_img} and most Python pipelines resize with), a
     * triangle around the output pixel's centre whose support widens with the shrink factor, so a
     * large downscale averages instead of aliasing.
     */
    private record Taps(int[] start, int[] count, float[] weights, int stride) {
        /**
         * Taps that resize the box [{@code boxStart}, {@code boxStart + boxLength}) of a
         * {@code src}-long axis to {@code dst} pixels. As PIL's {@code resize(box=...)}, the filter
         * may read just outside the box, so a crop blends its edges with what lies beyond them.
         */
        static Taps of(int src, int boxStart, int boxLength, int dst) {
            double scale = (double) boxLength / dst;
            double support = Math.max(1.0, scale);
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] start = new int[dst];
            int[] count = new int[dst];
            float[] weights = new float[dst * stride];
            for (int i = 0; i < dst; i++) {
                double centre = boxStart + (i + 0.5) * scale;
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

        /** One past the last source pixel any output pixel reads. */
        int end() {
            return start[start.length - 1] + count[count.length - 1];
        }
    }
}
