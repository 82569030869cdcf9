package dev.citra.model.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A timm {@code mobilenetv2_035}-layout checkpoint (names and shapes as timm's efficientnet.py
 * builds them, written here with random values) loaded through {@link WeightFiles} into citra's
 * Keras-layout {@code mobilenet_v2}, compared with a forward pass written here in timm's terms:
 * symmetric padding 1 on every 3×3 convolution, BatchNorm epsilon 1e-5. At input 33 every
 * stride-2 layer sees an odd size, where Keras's padding equals timm's, so the outputs must agree;
 * at 32 Keras pads bottom/right only and they must not, which is the caveat the import reports.
 */
class TimmMobileNetV2Test {
    private static final double ALPHA = 0.35;
    private static final int CLASSES = 4;
    // Stages after the stem block: expansion, channels, repeats, first stride (timm's arch_def).
    private static final int[][] STAGES = {{6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2},
        {6, 320, 1, 1}};

    @TempDir
    Path tmp;

    private final Map<String, float[]> values = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private final Random random = new Random(3);

    @Test
    void timmCheckpointMatchesTimmAtOddSizesAndTheCaveatIsReported() throws Exception {
        Path file = writeTimmCheckpoint();
        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        ArchitectureSpec spec = new ArchitectureSpec("mobilenet_v2", null, null, ALPHA);
        List<String> labels = List.of("a", "b", "c", "d");
        for (int size : new int[] {33, 32}) {
            ImageSpec input = new ImageSpec(size, 3, Normalization.SYMMETRIC);
            float[] pixels = new float[3 * size * size];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextFloat() * 2 - 1;
            }
            try (Network net = Network.create(registry, spec, input, labels, 1)) {
                ImportReport report = WeightFiles.load(registry, net, file, true);
                assertTrue(report.complete(), report.summary());
                assertEquals(2 + 4 + 16 * 6 + 2 + 1, report.layersLoaded());
                assertEquals(values.values().stream().mapToLong(v -> v.length).sum(), report.valuesLoaded());
                assertTrue(report.notes().stream().anyMatch(n -> n.startsWith("timm pads its stride-2 3×3 convolutions")),
                        report.summary());
                float[] citra;
                float[] timm;
                try (NDManager scope = net.manager().newSubManager()) {
                    citra = net.forward(scope, pixels, 1, false).toFloatArray();
                    timm = timmForward(scope, scope.create(pixels, new Shape(1, 3, size, size))).toFloatArray();
                }
                double diff = 0;
                double scale = 0;
                for (int i = 0; i < CLASSES; i++) {
                    diff = Math.max(diff, Math.abs(citra[i] - timm[i]));
                    scale = Math.max(scale, Math.abs(timm[i]));
                }
                assertTrue(scale > 0.1, "degenerate logits " + scale);
                if (size == 33) {
                    assertTrue(diff < 1e-4 * Math.max(1, scale), "odd size: max diff " + diff + " of " + scale);
                } else {
                    assertTrue(diff > 1e-2 * scale, "even size: timm's symmetric padding should differ, max diff " + diff);
                }
            }
        }
    }

    @Test
    void anotherWidthIsRefusedNamingTheTensors() throws Exception {
        Path file = writeTimmCheckpoint();
        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        try (Network net = Network.create(registry, new ArchitectureSpec("mobilenet_v2", null, null, 0.5),
                new ImageSpec(32, 3, Normalization.SYMMETRIC), List.of("a", "b", "c", "d"), 1)) {
            CitraException e = assertThrows(CitraException.class, () -> WeightFiles.load(registry, net, file, true));
            // Width 0.5 against a 0.35 file: the first difference is block 1's projection (16 vs 8 channels).
            assertTrue(e.getMessage().contains("187 problems:\n  - blocks.1.0.conv_pwl.weight (block_1_project): shape"
                    + " 8×48×1×1 in the file, the network expects 16×48×1×1\n"), e.getMessage().substring(0, 400));
            assertTrue(e.getMessage().contains("into 'mobilenet_v2' (timm mobilenetv2 names)"), e.getMessage().substring(0, 300));
        }
    }

    // --- timm's layout, written independently of TorchLayouts ---

    private Path writeTimmCheckpoint() throws Exception {
        int stem = divisible(32 * ALPHA);
        conv("conv_stem", stem, 3, 3);
        bn("bn1", stem);
        int in = stem;
        int out = divisible(16 * ALPHA);
        conv("blocks.0.0.conv_dw", in, 1, 3);
        bn("blocks.0.0.bn1", in);
        conv("blocks.0.0.conv_pw", out, in, 1);
        bn("blocks.0.0.bn2", out);
        in = out;
        for (int s = 0; s < STAGES.length; s++) {
            for (int i = 0; i < STAGES[s][2]; i++) {
                String p = "blocks." + (s + 1) + "." + i + ".";
                int mid = in * STAGES[s][0];
                out = divisible(STAGES[s][1] * ALPHA);
                conv(p + "conv_pw", mid, in, 1);
                bn(p + "bn1", mid);
                conv(p + "conv_dw", mid, 1, 3);
                bn(p + "bn2", mid);
                conv(p + "conv_pwl", out, mid, 1);
                bn(p + "bn3", out);
                in = out;
            }
        }
        conv("conv_head", 1280, in, 1);
        bn("bn2", 1280);
        tensor("classifier.weight", gaussian(CLASSES * 1280, 1 / Math.sqrt(1280)), CLASSES, 1280);
        tensor("classifier.bias", gaussian(CLASSES, 0.1), CLASSES);
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
        values.forEach((name, v) -> w.put(name, v, shapes.get(name)));
        for (String name : List.copyOf(values.keySet())) {
            if (name.endsWith(".running_var")) {
                w.raw(name.replace(".running_var", ".num_batches_tracked"), "I64", new byte[8]);
            }
        }
        return w.write(tmp.resolve("mobilenetv2_035.safetensors"));
    }

    private NDArray timmForward(NDManager m, NDArray x) {
        x = relu6(bn(m, "bn1", conv(m, "conv_stem", x, 2, 1)));
        x = relu6(bn(m, "blocks.0.0.bn1", conv(m, "blocks.0.0.conv_dw", x, 1, (int) x.getShape().get(1))));
        x = bn(m, "blocks.0.0.bn2", conv(m, "blocks.0.0.conv_pw", x, 1, 1));
        for (int s = 0; s < STAGES.length; s++) {
            for (int i = 0; i < STAGES[s][2]; i++) {
                String p = "blocks." + (s + 1) + "." + i + ".";
                int stride = i == 0 ? STAGES[s][3] : 1;
                NDArray y = relu6(bn(m, p + "bn1", conv(m, p + "conv_pw", x, 1, 1)));
                y = relu6(bn(m, p + "bn2", conv(m, p + "conv_dw", y, stride, (int) y.getShape().get(1))));
                y = bn(m, p + "bn3", conv(m, p + "conv_pwl", y, 1, 1));
                x = stride == 1 && y.getShape().equals(x.getShape()) ? y.add(x) : y;
            }
        }
        x = relu6(bn(m, "bn2", conv(m, "conv_head", x, 1, 1)));
        NDArray pooled = x.mean(new int[] {3}).mean(new int[] {2});
        NDArray weight = array(m, "classifier.weight");
        return pooled.matMul(weight.transpose()).add(array(m, "classifier.bias"));
    }

    private NDArray conv(NDManager m, String name, NDArray x, int stride, int groups) {
        NDArray weight = array(m, name + ".weight");
        int k = (int) weight.getShape().get(2);
        int pad = k / 2; // timm's symmetric get_padding: ((stride - 1) + (k - 1)) // 2 = 1 for 3×3
        NDArray zeros = m.zeros(new Shape(weight.getShape().get(0)));
        return Conv2d.conv2d(x, weight, zeros, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), groups)
                .singletonOrThrow();
    }

    private NDArray bn(NDManager m, String name, NDArray x) {
        Shape c = new Shape(1, x.getShape().get(1), 1, 1);
        NDArray mean = array(m, name + ".running_mean").reshape(c);
        NDArray std = array(m, name + ".running_var").reshape(c).add(1e-5f).sqrt();
        return x.sub(mean).div(std).mul(array(m, name + ".weight").reshape(c)).add(array(m, name + ".bias").reshape(c));
    }

    private static NDArray relu6(NDArray x) {
        return x.clip(0, 6);
    }

    private NDArray array(NDManager m, String name) {
        int[] s = shapes.get(name);
        long[] dims = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            dims[i] = s[i];
        }
        return m.create(values.get(name), new Shape(dims));
    }

    private void conv(String module, int out, int inPerGroup, int k) {
        tensor(module + ".weight", gaussian(out * inPerGroup * k * k, Math.sqrt(1.0 / (inPerGroup * k * k))), out, inPerGroup, k, k);
    }

    private void bn(String module, int c) {
        float[] gamma = new float[c];
        float[] var = new float[c];
        for (int i = 0; i < c; i++) {
            gamma[i] = 0.5f + 0.5f * random.nextFloat();
            // A few small variances, where epsilon 1e-3 against 1e-5 matters; not many, since with
            // random weights they amplify rounding errors from block to block.
            var[i] = random.nextInt(8) == 0 ? 0.05f + 0.05f * random.nextFloat() : 0.5f + random.nextFloat();
        }
        tensor(module + ".weight", gamma, c);
        tensor(module + ".bias", gaussian(c, 0.1), c);
        tensor(module + ".running_mean", gaussian(c, 0.1), c);
        tensor(module + ".running_var", var, c);
    }

    private void tensor(String name, float[] v, int... shape) {
        values.put(name, v);
        shapes.put(name, shape);
    }

    private float[] gaussian(int n, double sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * sd);
        }
        return v;
    }

    /** timm's / Keras's make_divisible(v, 8). */
    private static int divisible(double v) {
        int r = Math.max(8, (int) (v + 4) / 8 * 8);
        return r < 0.9 * v ? r + 8 : r;
    }
}
