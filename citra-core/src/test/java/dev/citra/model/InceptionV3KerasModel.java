package dev.citra.model;

import dev.citra.model.weights.KerasWeights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * InceptionV3 in Keras's own terms, for tests, written from the Keras Applications source and
 * independent of citra's DJL blocks: the layers in creation order under Keras 2.0's automatic names
 * ({@code conv2d_1}, {@code batch_normalization_1}, ..., as the official weight files name them),
 * weights in Keras layouts (HWIO kernels, BatchNorm beta/moving_mean/moving_variance), and a plain
 * forward pass over NHWC arrays with TensorFlow's 'same'/'valid' padding.
 */
final class InceptionV3KerasModel {
    /**
     * How the reference computes. {@link #KERAS} is Keras; the others are the mistakes a port can
     * make, which the tests show would change the output.
     *
     * @param epsilon added to the moving variance
     * @param avgPoolCountsPadding divide 'same' average pools by 9 at the borders (Keras does not)
     * @param asymmetricKernelsTransposed run 1×n kernels as n×1 and back (spatially transposed)
     * @param branchesReversed concatenate branches in reverse order
     */
    record Semantics(double epsilon, boolean avgPoolCountsPadding, boolean asymmetricKernelsTransposed,
            boolean branchesReversed) {
        static final Semantics KERAS = new Semantics(1e-3, false, false, false);
    }

    /**
     * One Keras layer.
     *
     * @param kind the Keras class in snake case ({@code conv2d}, {@code batch_normalization}, ...)
     * @param channels output channels (units for dense)
     */
    record Layer(String name, String kind, List<String> inputs, int rows, int cols, int stride, boolean same,
            int inChannels, int channels) {}

    private final List<Layer> layers = new ArrayList<>();
    private final Map<String, Integer> counts = new HashMap<>();

    private InceptionV3KerasModel() {}

    /** The model as {@code InceptionV3(include_top=top, classes=classes)} builds it. */
    static InceptionV3KerasModel build(int inputChannels, boolean top, int classes) {
        InceptionV3KerasModel m = new InceptionV3KerasModel();
        m.layers.add(new Layer("input_1", "input", List.of(), 0, 0, 0, false, 0, inputChannels));
        String x = m.convBn("input_1", 32, 3, 3, 2, false);
        x = m.convBn(x, 32, 3, 3, 1, false);
        x = m.convBn(x, 64, 3, 3, 1, true);
        x = m.pool("max_pooling2d", x);
        x = m.convBn(x, 80, 1, 1, 1, false);
        x = m.convBn(x, 192, 3, 3, 1, false);
        x = m.pool("max_pooling2d", x);
        for (int i = 0; i < 3; i++) {
            String b1 = m.convBn(x, 64, 1, 1);
            String b5 = m.convBn(m.convBn(x, 48, 1, 1), 64, 5, 5);
            String b3 = m.convBn(m.convBn(m.convBn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3);
            String bp = m.convBn(m.pool("average_pooling2d", x), i == 0 ? 32 : 64, 1, 1);
            x = m.concat("mixed" + i, b1, b5, b3, bp);
        }
        String r3 = m.convBn(x, 384, 3, 3, 2, false);
        String r3dbl = m.convBn(m.convBn(m.convBn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3, 2, false);
        x = m.concat("mixed3", r3, r3dbl, m.pool("max_pooling2d", x));
        int[] c7s = {128, 160, 160, 192};
        for (int i = 0; i < 4; i++) {
            int c7 = c7s[i];
            String b1 = m.convBn(x, 192, 1, 1);
            String b7 = m.convBn(m.convBn(m.convBn(x, c7, 1, 1), c7, 1, 7), 192, 7, 1);
            String b7dbl = m.convBn(x, c7, 1, 1);
            b7dbl = m.convBn(m.convBn(m.convBn(m.convBn(b7dbl, c7, 7, 1), c7, 1, 7), c7, 7, 1), 192, 1, 7);
            String bp = m.convBn(m.pool("average_pooling2d", x), 192, 1, 1);
            x = m.concat("mixed" + (4 + i), b1, b7, b7dbl, bp);
        }
        String b3 = m.convBn(m.convBn(x, 192, 1, 1), 320, 3, 3, 2, false);
        String b7x3 = m.convBn(m.convBn(m.convBn(x, 192, 1, 1), 192, 1, 7), 192, 7, 1);
        b7x3 = m.convBn(b7x3, 192, 3, 3, 2, false);
        x = m.concat("mixed8", b3, b7x3, m.pool("max_pooling2d", x));
        for (int i = 0; i < 2; i++) {
            String b1 = m.convBn(x, 320, 1, 1);
            String s = m.convBn(x, 384, 1, 1);
            String b3x3 = m.concat("mixed9_" + i, m.convBn(s, 384, 1, 3), m.convBn(s, 384, 3, 1));
            String d = m.convBn(m.convBn(x, 448, 1, 1), 384, 3, 3);
            String b3dbl = m.concat(m.autoName("concatenate"), m.convBn(d, 384, 1, 3), m.convBn(d, 384, 3, 1));
            String bp = m.convBn(m.pool("average_pooling2d", x), 192, 1, 1);
            x = m.concat("mixed" + (9 + i), b1, b3x3, b3dbl, bp);
        }
        if (top) {
            m.layers.add(new Layer("avg_pool", "global_average_pooling2d", List.of(x), 0, 0, 0, false, 0,
                    m.get(x).channels()));
            m.layers.add(new Layer("predictions", "dense", List.of("avg_pool"), 0, 0, 0, false, m.get(x).channels(),
                    classes));
        }
        return m;
    }

    List<Layer> layers() {
        return List.copyOf(layers);
    }

    Layer get(String name) {
        for (Layer l : layers) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private String autoName(String kind) {
        return kind + "_" + counts.merge(kind, 1, Integer::sum);
    }

    private String convBn(String x, int filters, int rows, int cols) {
        return convBn(x, filters, rows, cols, 1, true);
    }

    private String convBn(String x, int filters, int rows, int cols, int stride, boolean same) {
        int in = get(x).channels();
        String conv = autoName("conv2d");
        layers.add(new Layer(conv, "conv2d", List.of(x), rows, cols, stride, same, in, filters));
        String bn = autoName("batch_normalization");
        layers.add(new Layer(bn, "batch_normalization", List.of(conv), 0, 0, 0, false, filters, filters));
        String act = autoName("activation");
        layers.add(new Layer(act, "activation", List.of(bn), 0, 0, 0, false, filters, filters));
        return act;
    }

    /** Max pools are 3×3 stride 2 'valid', average pools 3×3 stride 1 'same'. */
    private String pool(String kind, String x) {
        String name = autoName(kind);
        boolean max = kind.equals("max_pooling2d");
        int c = get(x).channels();
        layers.add(new Layer(name, kind, List.of(x), 3, 3, max ? 2 : 1, !max, c, c));
        return name;
    }

    private String concat(String name, String... inputs) {
        int c = 0;
        for (String in : inputs) {
            c += get(in).channels();
        }
        layers.add(new Layer(name, "concatenate", List.of(inputs), 0, 0, 0, false, 0, c));
        return name;
    }

    /**
     * Random weights for every weighted layer, in creation order: kernels with standard deviation
     * {@code scale / sqrt(fan_in)}, moving variances uniform in [varLow, varHigh), small means and betas.
     */
    KerasWeights weights(long seed, double scale, double varLow, double varHigh) {
        Random r = new Random(seed);
        List<KerasWeights.Layer> out = new ArrayList<>();
        for (Layer l : layers) {
            switch (l.kind()) {
                case "conv2d" -> {
                    int fanIn = l.rows() * l.cols() * l.inChannels();
                    out.add(KerasWeights.Layer.of(l.name(), tensor("kernel", gaussian(r, fanIn * l.channels(),
                            scale / Math.sqrt(fanIn)), l.rows(), l.cols(), l.inChannels(), l.channels())));
                }
                case "batch_normalization" -> {
                    int c = l.channels();
                    float[] var = new float[c];
                    for (int i = 0; i < c; i++) {
                        var[i] = (float) (varLow + (varHigh - varLow) * r.nextDouble());
                    }
                    out.add(KerasWeights.Layer.of(l.name(), tensor("beta", gaussian(r, c, 0.1), c),
                            tensor("moving_mean", gaussian(r, c, 0.02), c), tensor("moving_variance", var, c)));
                }
                case "dense" -> out.add(KerasWeights.Layer.of(l.name(),
                        tensor("kernel", gaussian(r, l.inChannels() * l.channels(), 1 / Math.sqrt(l.inChannels())),
                                l.inChannels(), l.channels()),
                        tensor("bias", gaussian(r, l.channels(), 0.1), l.channels())));
                default -> { }
            }
        }
        return KerasWeights.of("memory", out);
    }

    private static KerasWeights.Tensor tensor(String name, float[] values, int... shape) {
        return new KerasWeights.Tensor(name, shape, values);
    }

    private static float[] gaussian(Random r, int n, double sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * sd);
        }
        return v;
    }

    /**
     * Runs the layers after {@code from} up to {@code to}, {@code from}'s output being {@code x}
     * (H×W×C); returns {@code to}'s output (1×1×units for the global pool and the dense layer,
     * whose softmax is left out: citra's network ends in logits).
     */
    double[][][] run(String from, double[][][] x, String to, KerasWeights w, Semantics s) {
        Map<String, double[][][]> values = new LinkedHashMap<>();
        values.put(from, x);
        boolean started = false;
        for (Layer l : layers) {
            if (started) {
                values.put(l.name(), apply(l, values, w, s));
                if (l.name().equals(to)) {
                    return values.get(to);
                }
            }
            started |= l.name().equals(from);
        }
        throw new IllegalArgumentException(to + " does not come after " + from);
    }

    private static double[][][] apply(Layer l, Map<String, double[][][]> values, KerasWeights w, Semantics s) {
        double[][][] x = values.get(l.inputs().get(0));
        Map<String, KerasWeights.Tensor> p = w.layers().containsKey(l.name()) ? w.layers().get(l.name()).weights() : Map.of();
        return switch (l.kind()) {
            case "conv2d" -> conv(x, p.get("kernel").values(), l, s.asymmetricKernelsTransposed() && l.rows() != l.cols());
            case "batch_normalization" -> batchNorm(x, p.get("beta").values(), p.get("moving_mean").values(),
                    p.get("moving_variance").values(), s.epsilon());
            case "activation" -> relu(x);
            case "max_pooling2d" -> pool(x, 3, 2, false, true, false);
            case "average_pooling2d" -> pool(x, 3, 1, true, false, s.avgPoolCountsPadding());
            case "concatenate" -> {
                List<double[][][]> parts = new ArrayList<>();
                for (String in : l.inputs()) {
                    parts.add(values.get(in));
                }
                if (s.branchesReversed()) {
                    java.util.Collections.reverse(parts);
                }
                yield concat(parts);
            }
            case "global_average_pooling2d" -> globalAverage(x);
            case "dense" -> dense(x, p.get("kernel").values(), p.get("bias").values(), l.channels());
            default -> throw new IllegalStateException(l.kind());
        };
    }

    /** TensorFlow's output size and leading pad for 'same' (ceil(n/s), half the total pad before) or 'valid'. */
    private static int[] outAndPad(int n, int k, int stride, boolean same) {
        if (!same) {
            return new int[] {(n - k) / stride + 1, 0};
        }
        int out = (n + stride - 1) / stride;
        int total = Math.max((out - 1) * stride + k - n, 0);
        return new int[] {out, total / 2};
    }

    /** Conv2D without bias; kernel HWIO (rows, cols, in, out), row-major. */
    private static double[][][] conv(double[][][] x, float[] kernel, Layer l, boolean transposed) {
        int h = x.length;
        int w = x[0].length;
        int in = l.inChannels();
        int out = l.channels();
        int kh = transposed ? l.cols() : l.rows();
        int kw = transposed ? l.rows() : l.cols();
        int[] oy = outAndPad(h, kh, l.stride(), l.same());
        int[] ox = outAndPad(w, kw, l.stride(), l.same());
        double[][][] y = new double[oy[0]][ox[0]][out];
        for (int i = 0; i < oy[0]; i++) {
            for (int j = 0; j < ox[0]; j++) {
                double[] acc = y[i][j];
                for (int di = 0; di < kh; di++) {
                    int yi = i * l.stride() + di - oy[1];
                    if (yi < 0 || yi >= h) {
                        continue;
                    }
                    for (int dj = 0; dj < kw; dj++) {
                        int xj = j * l.stride() + dj - ox[1];
                        if (xj < 0 || xj >= w) {
                            continue;
                        }
                        // A transposed kernel reads tap (dj, di) of the Keras kernel at (di, dj).
                        int tap = transposed ? dj * l.cols() + di : di * kw + dj;
                        for (int c = 0; c < in; c++) {
                            double v = x[yi][xj][c];
                            int base = (tap * in + c) * out;
                            for (int o = 0; o < out; o++) {
                                acc[o] += v * kernel[base + o];
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    /** BatchNormalization(scale=False) at inference: no gamma. */
    private static double[][][] batchNorm(double[][][] x, float[] beta, float[] mean, float[] var, double eps) {
        double[][][] y = new double[x.length][x[0].length][beta.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                for (int c = 0; c < beta.length; c++) {
                    y[i][j][c] = (x[i][j][c] - mean[c]) / Math.sqrt(var[c] + eps) + beta[c];
                }
            }
        }
        return y;
    }

    private static double[][][] relu(double[][][] x) {
        double[][][] y = new double[x.length][x[0].length][x[0][0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                for (int c = 0; c < x[0][0].length; c++) {
                    y[i][j][c] = Math.max(0, x[i][j][c]);
                }
            }
        }
        return y;
    }

    /** A k×k pool; 'same' average pools divide by the taps inside the image unless {@code countPadding}. */
    private static double[][][] pool(double[][][] x, int k, int stride, boolean same, boolean max, boolean countPadding) {
        int h = x.length;
        int w = x[0].length;
        int c = x[0][0].length;
        int[] oy = outAndPad(h, k, stride, same);
        int[] ox = outAndPad(w, k, stride, same);
        double[][][] y = new double[oy[0]][ox[0]][c];
        for (int i = 0; i < oy[0]; i++) {
            for (int j = 0; j < ox[0]; j++) {
                for (int ch = 0; ch < c; ch++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int n = 0;
                    for (int di = 0; di < k; di++) {
                        for (int dj = 0; dj < k; dj++) {
                            int yi = i * stride + di - oy[1];
                            int xj = j * stride + dj - ox[1];
                            if (yi >= 0 && yi < h && xj >= 0 && xj < w) {
                                acc = max ? Math.max(acc, x[yi][xj][ch]) : acc + x[yi][xj][ch];
                                n++;
                            }
                        }
                    }
                    y[i][j][ch] = max ? acc : acc / (countPadding ? k * k : n);
                }
            }
        }
        return y;
    }

    private static double[][][] concat(List<double[][][]> parts) {
        int c = 0;
        for (double[][][] p : parts) {
            c += p[0][0].length;
        }
        double[][][] y = new double[parts.get(0).length][parts.get(0)[0].length][c];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                int offset = 0;
                for (double[][][] p : parts) {
                    System.arraycopy(p[i][j], 0, y[i][j], offset, p[i][j].length);
                    offset += p[i][j].length;
                }
            }
        }
        return y;
    }

    private static double[][][] globalAverage(double[][][] x) {
        int c = x[0][0].length;
        double[][][] y = new double[1][1][c];
        for (double[][] row : x) {
            for (double[] px : row) {
                for (int ch = 0; ch < c; ch++) {
                    y[0][0][ch] += px[ch] / (x.length * x[0].length);
                }
            }
        }
        return y;
    }

    /** Dense on a 1×1×in input; kernel (in, units). */
    private static double[][][] dense(double[][][] x, float[] kernel, float[] bias, int units) {
        double[] in = x[0][0];
        double[][][] y = new double[1][1][units];
        for (int o = 0; o < units; o++) {
            double acc = bias[o];
            for (int i = 0; i < in.length; i++) {
                acc += in[i] * kernel[i * units + o];
            }
            y[0][0][o] = acc;
        }
        return y;
    }
}
