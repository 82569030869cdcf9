package dev.citra.train;

import java.util.Random;

/**
 * The soft targets of one training batch, after label smoothing and, when asked, mixup or CutMix
 * of its images. Mixing rewrites the batch's pixels in place (they are the batch's own copy, made
 * by the feeder) and is seeded by run, epoch and batch, so a resumed run mixes as the first did.
 *
 * <p>Label smoothing is Keras's and PyTorch's: the target of class {@code y} is
 * {@code (1 - eps) * onehot(y) + eps / classes}. Mixup (Zhang et al.) blends two images and their
 * targets by {@code lambda ~ Beta(alpha, alpha)}; CutMix (Yun et al.) pastes a box of the other
 * image covering {@code 1 - lambda} of the area and mixes the targets by the box's real area.
 */
public final class BatchTargets {
    /** How a batch's images were mixed. */
    public enum Mix {
        NONE,
        MIXUP,
        CUTMIX
    }

    private final float[] targets;
    private final int[] dominant;
    private final Mix mix;
    private final double lambda;

    private BatchTargets(float[] targets, int[] dominant, Mix mix, double lambda) {
        this.targets = targets;
        this.dominant = dominant;
        this.mix = mix;
        this.lambda = lambda;
    }

    /**
     * Mixes the batch's pixels in place (when mixup or cutmix is on) and returns its targets.
     *
     * @param pixels {@code count} images of {@code channels x size x size}, one after the other
     * @param labels the images' classes (the first {@code count} are read)
     * @param seed the run's seed; with epoch and batch it fixes the draw
     */
    public static BatchTargets of(float[] pixels, int[] labels, int count, int classes, int channels, int size,
            double labelSmoothing, double mixupAlpha, double cutmixAlpha, long seed, int epoch, int batch) {
        Mix mix = Mix.NONE;
        Random random = new Random(seed * 7_919L + epoch * 1_000_003L + batch);
        if (count > 1 && (mixupAlpha > 0 || cutmixAlpha > 0)) {
            boolean both = mixupAlpha > 0 && cutmixAlpha > 0;
            mix = both ? (random.nextBoolean() ? Mix.MIXUP : Mix.CUTMIX) : mixupAlpha > 0 ? Mix.MIXUP : Mix.CUTMIX;
        }
        int[] partner = identity(count);
        double lambda = 1;
        if (mix != Mix.NONE) {
            partner = dev.citra.util.Permutations.shuffled(count, random);
            double alpha = mix == Mix.MIXUP ? mixupAlpha : cutmixAlpha;
            lambda = beta(alpha, random);
            int len = channels * size * size;
            // Read the partners from a copy: image i's partner may already have been rewritten.
            float[] original = java.util.Arrays.copyOf(pixels, count * len);
            if (mix == Mix.MIXUP) {
                float l = (float) lambda;
                for (int i = 0; i < count; i++) {
                    int a = i * len;
                    int b = partner[i] * len;
                    for (int j = 0; j < len; j++) {
                        pixels[a + j] = l * original[a + j] + (1 - l) * original[b + j];
                    }
                }
            } else {
                lambda = pasteBox(pixels, original, partner, count, channels, size, lambda, random);
            }
        }
        float[] targets = new float[count * classes];
        int[] dominant = new int[count];
        float off = (float) (labelSmoothing / classes);
        float on = (float) (1 - labelSmoothing);
        for (int i = 0; i < count; i++) {
            int row = i * classes;
            for (int c = 0; c < classes; c++) {
                targets[row + c] = off;
            }
            targets[row + labels[i]] += (float) (on * lambda);
            targets[row + labels[partner[i]]] += (float) (on * (1 - lambda));
            dominant[i] = lambda >= 0.5 ? labels[i] : labels[partner[i]];
        }
        return new BatchTargets(targets, dominant, mix, lambda);
    }

    /** One row of {@code classes} target probabilities per image. */
    public float[] targets() {
        return targets;
    }

    /** The class that weighs most in each image's target: what training accuracy counts against. */
    public int[] dominant() {
        return dominant;
    }

    public Mix mix() {
        return mix;
    }

    /** The weight of each image's own target (1 without mixing). */
    public double lambda() {
        return lambda;
    }

    /**
     * Pastes into every image a box of its partner, of about {@code 1 - lambda} of the area, at a
     * random centre, clipped to the image; returns the share of each image that stayed its own.
     */
    private static double pasteBox(float[] pixels, float[] original, int[] partner, int count, int channels,
            int size, double lambda, Random random) {
        double ratio = Math.sqrt(1 - lambda);
        int cut = (int) (size * ratio);
        int cy = random.nextInt(size);
        int cx = random.nextInt(size);
        int y0 = Math.max(cy - cut / 2, 0);
        int y1 = Math.min(cy + cut / 2, size);
        int x0 = Math.max(cx - cut / 2, 0);
        int x1 = Math.min(cx + cut / 2, size);
        int plane = size * size;
        int len = channels * plane;
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < channels; c++) {
                for (int y = y0; y < y1; y++) {
                    int row = c * plane + y * size;
                    System.arraycopy(original, partner[i] * len + row + x0, pixels, i * len + row + x0, x1 - x0);
                }
            }
        }
        return 1 - (double) (y1 - y0) * (x1 - x0) / plane;
    }

    /** A draw from Beta(alpha, alpha), as the ratio of two Gamma draws. */
    static double beta(double alpha, Random random) {
        double x = gamma(alpha, random);
        double y = gamma(alpha, random);
        return x + y == 0 ? 0.5 : x / (x + y);
    }

    /** Marsaglia and Tsang's Gamma(shape, 1) draw; shapes below 1 boosted by U^(1/shape). */
    private static double gamma(double shape, Random random) {
        if (shape < 1) {
            return gamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
