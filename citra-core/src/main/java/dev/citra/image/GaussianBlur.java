package dev.citra.image;

/**
 * A Gaussian blur of one square plane of floats, in place: two separable passes, the kernel cut at
 * four standard deviations and renormalised, edges extended by their nearest pixel (as
 * {@code scipy.ndimage.gaussian_filter(mode="nearest")} and OpenCV's replicated border).
 *
 * <p>Its weights sum to 1, so blurring commutes with the per-channel affine normalisations: the
 * pre-processor blurs normalised values and gets what blurring the pixels first would give.
 */
public final class GaussianBlur {
    private final float[] kernel;
    private final int radius;

    /** A blur of standard deviation {@code sigma} pixels. */
    public GaussianBlur(double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be positive: " + sigma);
        }
        radius = Math.max(1, (int) (4 * sigma + 0.5));
        kernel = new float[2 * radius + 1];
        double sum = 0;
        double[] w = new double[kernel.length];
        for (int i = -radius; i <= radius; i++) {
            w[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += w[i + radius];
        }
        for (int i = 0; i < w.length; i++) {
            kernel[i] = (float) (w[i] / sum);
        }
    }

    /** Blurs the {@code size}×{@code size} plane of {@code data} that starts at {@code offset}. */
    public void apply(float[] data, int offset, int size) {
        float[] line = new float[size + 2 * radius];
        float[] tmp = new float[size * size];
        // Rows into tmp, then columns of tmp back into data.
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                line[x + radius] = data[offset + y * size + x];
            }
            convolve(line, size, tmp, y * size, 1);
        }
        for (int x = 0; x < size; x++) {
            for (int y = 0; y < size; y++) {
                line[y + radius] = tmp[y * size + x];
            }
            convolve(line, size, data, offset + x, size);
        }
    }

    /** Convolves the {@code size} values at {@code line[radius..]}, writing them {@code step} apart from {@code at}. */
    private void convolve(float[] line, int size, float[] out, int at, int step) {
        float first = line[radius];
        float last = line[radius + size - 1];
        for (int i = 0; i < radius; i++) {
            line[i] = first;
            line[radius + size + i] = last;
        }
        for (int i = 0; i < size; i++) {
            float sum = 0f;
            for (int k = 0; k < kernel.length; k++) {
                sum += kernel[k] * line[i + k];
            }
            out[at + i * step] = sum;
        }
    }
}
