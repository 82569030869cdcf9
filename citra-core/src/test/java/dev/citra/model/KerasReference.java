package dev.citra.model;

import dev.citra.model.weights.KerasWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A Keras functional model run in Keras's own terms, independently of DJL, for output tests: NHWC
 * tensors (batch 1), HWIO kernels, TensorFlow 'valid'/'same' padding, BatchNormalization in
 * inference mode. Each layer method takes the Keras layer name, records it, and creates that
 * layer's weights at random in the Keras layout, so a test gets the reference output, the list of
 * Keras layer names and the weights to write into a Keras {@code .h5} file from one pass.
 *
 * <p>The weights are chosen so that a wrong import shows: kernels are random (no symmetry survives
 * a transpose), biases and BatchNorm statistics are non-trivial, and one channel in four of every
 * BatchNorm has a moving variance of the order of 1e-5, where the epsilon decides the output.
 */
final class KerasReference {
    /** An NHWC tensor of batch 1: {@code v[(y * w + x) * c + channel]}. */
    record Tensor(int h, int w, int c, double[] v) {
        Tensor {
            if (v.length != h * w * c) {
                throw new IllegalArgumentException(h + "x" + w + "x" + c + " needs " + h * w * c + " values");
            }
        }

        double at(int y, int x, int ch) {
            return v[(y * w + x) * c + ch];
        }

        /** The same values in DJL's (1, C, H, W) layout. */
        float[] toNchw() {
            float[] out = new float[v.length];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++) {
                        out[(ch * h + y) * w + x] = (float) at(y, x, ch);
                    }
                }
            }
            return out;
        }
    }

    private final Random random;
    private final double epsilon;
    private final List<String> layerNames = new ArrayList<>();
    private final List<KerasWeights.Layer> weights = new ArrayList<>();

    /**
     * @param seed for the weights
     * @param bnEpsilon the BatchNormalization epsilon every {@link #batchNorm} uses
     */
    KerasReference(long seed, double bnEpsilon) {
        this.random = new Random(seed);
        this.epsilon = bnEpsilon;
    }

    /** Every layer's name in call order, weightless layers included. */
    List<String> layerNames() {
        return List.copyOf(layerNames);
    }

    /** The weighted layers in call order, in the Keras layout. */
    List<KerasWeights.Layer> weights() {
        return List.copyOf(weights);
    }

    /** A random input image with values in [-1, 1]. */
    Tensor input(int size, int channels) {
        double[] v = new double[size * size * channels];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble() * 2 - 1;
        }
        return new Tensor(size, size, channels, v);
    }

    // --- layers: record the name, make the weights, compute ---

    /** ZeroPadding2D(((top, bottom), (left, right))). */
    Tensor zeroPad(String name, Tensor x, int top, int bottom, int left, int right) {
        layerNames.add(name);
        return pad(x, top, bottom, left, right);
    }

    /** Conv2D(filters, kernel, strides=stride, padding='same' or 'valid', use_bias=bias). */
    Tensor conv(String name, Tensor x, int filters, int kernel, int stride, boolean same, boolean bias) {
        layerNames.add(name);
        // LeCun scale: residual sums stay O(1) over ResNet50's 16 blocks, so that small terms (biases) count.
        float[] k = gaussian(kernel * kernel * x.c() * filters, Math.sqrt(1.0 / (kernel * kernel * x.c())));
        List<KerasWeights.Tensor> tensors = new ArrayList<>();
        tensors.add(new KerasWeights.Tensor("kernel", new int[] {kernel, kernel, x.c(), filters}, k));
        float[] b = null;
        if (bias) {
            b = gaussian(filters, 0.1);
            tensors.add(new KerasWeights.Tensor("bias", new int[] {filters}, b));
        }
        weights.add(KerasWeights.Layer.of(name, tensors.toArray(KerasWeights.Tensor[]::new)));
        if (same) {
            x = pad(x, samePadBefore(x.h(), kernel, stride), samePadAfter(x.h(), kernel, stride),
                    samePadBefore(x.w(), kernel, stride), samePadAfter(x.w(), kernel, stride));
        }
        return convValid(x, k, kernel, filters, stride, b);
    }

    /** BatchNormalization(epsilon) in inference mode: (x - moving_mean) / sqrt(moving_variance + eps) * gamma + beta. */
    Tensor batchNorm(String name, Tensor x) {
        layerNames.add(name);
        int c = x.c();
        float[] gamma = new float[c];
        float[] beta = gaussian(c, 0.1);
        float[] mean = gaussian(c, 0.2);
        float[] var = new float[c];
        for (int ch = 0; ch < c; ch++) {
            double g = 0.5 + random.nextDouble();
            if (ch % 4 == 1) {
                // Tiny variance: sqrt(var + eps) depends on eps; gamma scaled so the output stays O(1).
                var[ch] = (float) (1e-5 + 4e-5 * random.nextDouble());
                gamma[ch] = (float) (g * Math.sqrt(var[ch]));
            } else {
                var[ch] = (float) (0.5 + random.nextDouble());
                gamma[ch] = (float) g;
            }
        }
        weights.add(KerasWeights.Layer.of(name, new KerasWeights.Tensor("gamma", new int[] {c}, gamma),
                new KerasWeights.Tensor("beta", new int[] {c}, beta),
                new KerasWeights.Tensor("moving_mean", new int[] {c}, mean),
                new KerasWeights.Tensor("moving_variance", new int[] {c}, var)));
        double[] out = new double[x.v().length];
        for (int i = 0; i < out.length; i++) {
            int ch = i % c;
            out[i] = (x.v()[i] - mean[ch]) / Math.sqrt(var[ch] + epsilon) * gamma[ch] + beta[ch];
        }
        return new Tensor(x.h(), x.w(), c, out);
    }

    /** Activation('relu'). */
    Tensor relu(String name, Tensor x) {
        layerNames.add(name);
        double[] out = x.v().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0, out[i]);
        }
        return new Tensor(x.h(), x.w(), x.c(), out);
    }

    /** MaxPooling2D(size, strides=stride), padding 'valid'. */
    Tensor maxPool(String name, Tensor x, int size, int stride) {
        layerNames.add(name);
        return pool(x, size, stride, true);
    }

    /** AveragePooling2D(size, strides=stride), padding 'valid'. */
    Tensor avgPool(String name, Tensor x, int size, int stride) {
        layerNames.add(name);
        return pool(x, size, stride, false);
    }

    /** Add()([a, b]). */
    Tensor add(String name, Tensor a, Tensor b) {
        layerNames.add(name);
        double[] out = a.v().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b.v()[i];
        }
        return new Tensor(a.h(), a.w(), a.c(), out);
    }

    /** Concatenate(axis=-1)([a, b]): a's channels, then b's. */
    Tensor concat(String name, Tensor a, Tensor b) {
        layerNames.add(name);
        int c = a.c() + b.c();
        double[] out = new double[a.h() * a.w() * c];
        for (int p = 0; p < a.h() * a.w(); p++) {
            System.arraycopy(a.v(), p * a.c(), out, p * c, a.c());
            System.arraycopy(b.v(), p * b.c(), out, p * c + a.c(), b.c());
        }
        return new Tensor(a.h(), a.w(), c, out);
    }

    /** GlobalAveragePooling2D. */
    double[] globalAvgPool(String name, Tensor x) {
        layerNames.add(name);
        double[] out = new double[x.c()];
        for (int i = 0; i < x.v().length; i++) {
            out[i % x.c()] += x.v()[i] / (x.h() * x.w());
        }
        return out;
    }

    /** Dense(units) without its activation: the logits. */
    double[] dense(String name, double[] x, int units) {
        layerNames.add(name);
        float[] k = gaussian(x.length * units, Math.sqrt(1.0 / x.length));
        float[] b = gaussian(units, 0.1);
        weights.add(KerasWeights.Layer.of(name, new KerasWeights.Tensor("kernel", new int[] {x.length, units}, k),
                new KerasWeights.Tensor("bias", new int[] {units}, b)));
        double[] out = new double[units];
        for (int o = 0; o < units; o++) {
            double s = b[o];
            for (int i = 0; i < x.length; i++) {
                s += x[i] * k[i * units + o];
            }
            out[o] = s;
        }
        return out;
    }

    /** max |actual - expected| / max |expected|: agreement of an output with the reference, on its own scale. */
    static double relativeError(double[] expected, float[] actual) {
        if (expected.length != actual.length) {
            throw new AssertionError("expected " + expected.length + " outputs, got " + actual.length);
        }
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
        }
        return diff / scale;
    }

    // --- the arithmetic ---

    /** TensorFlow 'same': total padding so that out = ceil(n / stride), the odd pixel after. */
    private static int samePadTotal(int n, int kernel, int stride) {
        int out = (n + stride - 1) / stride;
        return Math.max((out - 1) * stride + kernel - n, 0);
    }

    private static int samePadBefore(int n, int kernel, int stride) {
        return samePadTotal(n, kernel, stride) / 2;
    }

    private static int samePadAfter(int n, int kernel, int stride) {
        return samePadTotal(n, kernel, stride) - samePadBefore(n, kernel, stride);
    }

    private static Tensor pad(Tensor x, int top, int bottom, int left, int right) {
        int h = x.h() + top + bottom;
        int w = x.w() + left + right;
        double[] out = new double[h * w * x.c()];
        for (int y = 0; y < x.h(); y++) {
            System.arraycopy(x.v(), y * x.w() * x.c(), out, ((y + top) * w + left) * x.c(), x.w() * x.c());
        }
        return new Tensor(h, w, x.c(), out);
    }

    /** 'valid' convolution with an HWIO kernel. */
    private static Tensor convValid(Tensor x, float[] kernel, int k, int filters, int stride, float[] bias) {
        int oh = (x.h() - k) / stride + 1;
        int ow = (x.w() - k) / stride + 1;
        int cin = x.c();
        double[] out = new double[oh * ow * filters];
        double[] acc = new double[filters];
        for (int y = 0; y < oh; y++) {
            for (int xx = 0; xx < ow; xx++) {
                for (int o = 0; o < filters; o++) {
                    acc[o] = bias == null ? 0 : bias[o];
                }
                for (int dy = 0; dy < k; dy++) {
                    for (int dx = 0; dx < k; dx++) {
                        int in = ((y * stride + dy) * x.w() + xx * stride + dx) * cin;
                        for (int ci = 0; ci < cin; ci++) {
                            double value = x.v()[in + ci];
                            if (value == 0) {
                                continue; // ReLU zeros and padding: common, and exact to skip
                            }
                            int row = ((dy * k + dx) * cin + ci) * filters;
                            for (int o = 0; o < filters; o++) {
                                acc[o] += value * kernel[row + o];
                            }
                        }
                    }
                }
                System.arraycopy(acc, 0, out, (y * ow + xx) * filters, filters);
            }
        }
        return new Tensor(oh, ow, filters, out);
    }

    private static Tensor pool(Tensor x, int size, int stride, boolean max) {
        int oh = (x.h() - size) / stride + 1;
        int ow = (x.w() - size) / stride + 1;
        double[] out = new double[oh * ow * x.c()];
        for (int y = 0; y < oh; y++) {
            for (int xx = 0; xx < ow; xx++) {
                for (int ch = 0; ch < x.c(); ch++) {
                    double r = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int dy = 0; dy < size; dy++) {
                        for (int dx = 0; dx < size; dx++) {
                            double value = x.at(y * stride + dy, xx * stride + dx, ch);
                            r = max ? Math.max(r, value) : r + value / (size * size);
                        }
                    }
                    out[(y * ow + xx) * x.c() + ch] = r;
                }
            }
        }
        return new Tensor(oh, ow, x.c(), out);
    }

    private float[] gaussian(int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * std);
        }
        return v;
    }
}
