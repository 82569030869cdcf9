package dev.citra.model.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import dev.citra.CitraException;
import dev.citra.model.Layers;
import dev.citra.util.Engines;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * safetensors import into a tiny network (3×2 conv with bias, BatchNorm, depthwise 3×3 with
 * depth multiplier 2, global average pool, dense) through a name table, from real files written
 * here. The network's output is compared with a PyTorch-semantics reference computed by hand
 * (NCHW, OIHW, BatchNorm epsilon 1e-5 while the network's is 1e-3): a wrong mapping, a transpose
 * or a missing epsilon fold changes the numbers.
 */
class SafetensorsImporterTest {
    private static final int H = 6;
    private static final int W = 7;
    private static final int C = 2;
    private static final int F = 3;
    private static final int M = 2;
    private static final int CLASSES = 2;
    private static final List<String> NAMES = List.of("conv", "bn", "dw", "predictions");
    private static final TorchLayout LAYOUT = new TorchLayout("tiny", "test-net",
            Map.of("conv", "features.0", "bn", "features.1", "dw", "features.2", "predictions", "classifier"),
            1e-5f, 1e-3f, false, null);

    @TempDir
    Path tmp;

    private NDManager manager;
    private final Random random = new Random(7);

    // PyTorch-layout weights, values k/64 so that F16 and BF16 hold them exactly.
    private final float[] kernel = values(F * C * 3 * 2);      // O×I×3×2
    private final float[] convBias = values(F);
    private final float[] gamma = values(F);
    private final float[] beta = values(F);
    private final float[] mean = values(F);
    private final float[] var = small(F);                      // small, so that the epsilon matters
    private final float[] depthwise = values(F * M * 3 * 3);   // (F·M)×1×3×3
    private final float[] dense = values(CLASSES * F * M);     // out×in
    private final float[] denseBias = values(CLASSES);
    private final float[] input = values(C * H * W);           // NCHW, batch 1

    @BeforeEach
    void setUp() {
        manager = Engines.pytorch().newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private SequentialBlock tinyNetwork(int classes) {
        SequentialBlock net = new SequentialBlock();
        net.add(Conv2d.builder().setFilters(F).setKernelShape(new Shape(3, 2)).build());
        net.add(Layers.batchNorm(1e-3f, 0.99f));
        net.add(Conv2d.builder().setFilters(F * M).optGroups(F).setKernelShape(new Shape(3, 3)).optBias(false).build());
        net.add(Pool.globalAvgPool2dBlock());
        net.add(Linear.builder().setUnits(classes).build());
        net.initialize(manager, DataType.FLOAT32, new Shape(1, C, H, W));
        return net;
    }

    private SafetensorsWriter torchFile(String dtype) {
        return new SafetensorsWriter().metadata("format", "pt")
                .put("features.0.weight", dtype, kernel, F, C, 3, 2)
                .put("features.0.bias", dtype, convBias, F)
                .put("features.1.weight", dtype, gamma, F)
                .put("features.1.bias", dtype, beta, F)
                .put("features.1.running_mean", dtype, mean, F)
                .put("features.1.running_var", dtype, var, F)
                .raw("features.1.num_batches_tracked", "I64", new byte[8])
                .put("features.2.weight", dtype, depthwise, F * M, 1, 3, 3)
                .put("classifier.weight", dtype, dense, CLASSES, F * M)
                .put("classifier.bias", dtype, denseBias, CLASSES);
    }

    private ImportReport load(SequentialBlock net, SafetensorsWriter file, TorchLayout layout, boolean strict)
            throws Exception {
        return SafetensorsImporter.load(net, NAMES, layout,
                SafetensorsFile.open(file.write(tmp.resolve("w.safetensors"))), strict);
    }

    @Test
    void f32WeightsLandInTheirParametersAndReproduceTorchOutput() throws Exception {
        SequentialBlock net = tinyNetwork(CLASSES);
        ImportReport report = load(net, torchFile("F32"), LAYOUT, true);
        assertTrue(report.complete(), report.summary());
        assertEquals(4, report.layersLoaded());
        assertEquals(kernel.length + convBias.length + 4 * F + depthwise.length + dense.length + denseBias.length,
                report.valuesLoaded());
        // No transpose: PyTorch's OIHW and (out, in) are DJL's.
        assertArrayEquals(kernel, parameter(net, 0).getArray().toFloatArray());
        assertArrayEquals(new long[] {F, C, 3, 2}, parameter(net, 0).getArray().getShape().getShape());
        assertArrayEquals(depthwise, parameter(net, 6).getArray().toFloatArray());
        assertArrayEquals(dense, parameter(net, 7).getArray().toFloatArray());
        assertArrayEquals(var, parameter(net, 5).getArray().toFloatArray());
        assertClose(torchReference(), forward(net));
        assertTrue(report.notes().get(0).startsWith("BatchNorm epsilon 1.0E-5 (test-net) folded into gamma"), report.notes().toString());
    }

    @Test
    void f16AndBf16WeightsLoadAsFloats() throws Exception {
        for (String dtype : List.of("F16", "BF16")) {
            SequentialBlock net = tinyNetwork(CLASSES);
            load(net, torchFile(dtype), LAYOUT, true);
            assertArrayEquals(kernel, parameter(net, 0).getArray().toFloatArray(), dtype);
            assertClose(torchReference(), forward(net));
        }
    }

    @Test
    void withoutTheEpsilonFoldTheOutputDiffers() throws Exception {
        // The same file read as if its epsilon were the network's: the reference no longer matches,
        // so the fold above is what makes it match.
        TorchLayout unfolded = new TorchLayout("tiny", "test-net", LAYOUT.modules(), 1e-3f, 1e-3f, false, null);
        SequentialBlock net = tinyNetwork(CLASSES);
        load(net, torchFile("F32"), unfolded, true);
        float[] ref = torchReference();
        float[] out = forward(net);
        double scale = Math.max(Math.abs(ref[0]), Math.abs(ref[1]));
        assertTrue(Math.abs(ref[0] - out[0]) + Math.abs(ref[1] - out[1]) > 0.01 * scale, ref[0] + " vs " + out[0]);
    }

    @Test
    void strictImportNamesEveryProblemAndChangesNothing() throws Exception {
        SafetensorsWriter bad = new SafetensorsWriter()
                .put("features.0.weight", transpose(kernel), C, F, 3, 2)      // IOHW: mis-shaped
                .put("features.0.bias", convBias, F)
                .put("features.1.weight", gamma, F)
                .put("features.1.bias", beta, F)
                .put("features.1.running_mean", mean, F)                     // running_var missing
                .raw("features.1.num_batches_tracked", "I64", new byte[8])   // ignored, as PyTorch saves it
                .raw("features.2.weight", "I32", new byte[4 * depthwise.length], F * M, 1, 3, 3)
                .put("classifier.weight", dense, CLASSES, F * M)
                .put("classifier.bias", denseBias, CLASSES)
                .put("features.9.weight", values(4), 4);
        SequentialBlock net = tinyNetwork(CLASSES);
        float[] before = parameter(net, 7).getArray().toFloatArray();
        CitraException e = assertThrows(CitraException.class, () -> load(net, bad, LAYOUT, true));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("Cannot load the safetensors weights of " + tmp.resolve("w.safetensors")
                + " into 'tiny' (test-net names): 4 problems:"), msg);
        assertTrue(msg.contains("features.0.weight (conv): shape 2×3×3×2 in the file, the network expects 3×2×3×2"), msg);
        assertTrue(msg.contains("features.1.running_var (bn): missing from the file (the network expects 3)"), msg);
        assertTrue(msg.contains("features.2.weight (dw): dtype I32, citra reads F32, F16 and BF16 only"), msg);
        assertTrue(msg.contains("features.9.weight: unexpected tensor (F32 4), no layer of the network has this test-net name"), msg);
        assertFalse(msg.contains("num_batches_tracked"), msg);
        assertArrayEquals(before, parameter(net, 7).getArray().toFloatArray());

        ImportReport report = load(net, bad, LAYOUT, false);
        assertEquals(4, report.problems().size(), report.summary());
        assertEquals(1, report.layersLoaded(), report.summary()); // the classifier only
        assertArrayEquals(dense, parameter(net, 7).getArray().toFloatArray());
        assertArrayEquals(convBias, parameter(net, 1).getArray().toFloatArray());
    }

    @Test
    void classifierOfAnotherSizeOrMissingIsSkipped() throws Exception {
        SequentialBlock five = tinyNetwork(5);
        ImportReport report = load(five, torchFile("F32"), LAYOUT, true);
        assertTrue(report.complete(), report.summary());
        assertEquals(3, report.layersLoaded());
        assertEquals(List.of("predictions (classifier): the file's classifier.weight is 2×6, another size than the"
                + " network's; the network's layer (classifier.weight 5×6, classifier.bias 5) keeps its initial weights"),
                report.skipped());

        SafetensorsWriter notop = new SafetensorsWriter().put("features.0.weight", kernel, F, C, 3, 2)
                .put("features.0.bias", convBias, F).put("features.1.weight", gamma, F).put("features.1.bias", beta, F)
                .put("features.1.running_mean", mean, F).put("features.1.running_var", var, F)
                .put("features.2.weight", depthwise, F * M, 1, 3, 3);
        ImportReport headless = load(tinyNetwork(CLASSES), notop, LAYOUT, true);
        assertTrue(headless.skipped().get(0).startsWith("predictions (classifier): not in the file"), headless.summary());
    }

    @Test
    void biasFreeSourceConvolutionsGetZeroBiasAndTheCaveatIsReported() throws Exception {
        TorchLayout biasFree = new TorchLayout("tiny", "test-net", LAYOUT.modules(), 1e-3f, 1e-3f, true,
                "outputs differ from the source's");
        SafetensorsWriter file = torchFile("F32");
        SafetensorsWriter noBias = new SafetensorsWriter();
        // The same tensors minus the convolution's bias.
        noBias.put("features.0.weight", kernel, F, C, 3, 2).put("features.1.weight", gamma, F).put("features.1.bias", beta, F)
                .put("features.1.running_mean", mean, F).put("features.1.running_var", var, F)
                .put("features.2.weight", depthwise, F * M, 1, 3, 3).put("classifier.weight", dense, CLASSES, F * M)
                .put("classifier.bias", denseBias, CLASSES);
        SequentialBlock net = tinyNetwork(CLASSES);
        ImportReport report = load(net, noBias, biasFree, true);
        assertTrue(report.complete(), report.summary());
        assertArrayEquals(new float[F], parameter(net, 1).getArray().toFloatArray());
        assertEquals(List.of("convolution biases set to 0: test-net convolutions have none", "outputs differ from the source's"),
                report.notes());
        assertTrue(report.summary().contains("\n  note: outputs differ from the source's"), report.summary());
        // Without zeroConvBias the same file is strictly refused.
        assertThrows(CitraException.class, () -> load(tinyNetwork(CLASSES), noBias, LAYOUT, true));
        assertTrue(file.bytes().length > noBias.bytes().length);
    }

    // --- the independent PyTorch-semantics reference (NCHW, OIHW, epsilon 1e-5) ---

    private float[] torchReference() {
        int oh = H - 3 + 1;
        int ow = W - 2 + 1;
        double[][][] bn = new double[F][oh][ow];
        for (int o = 0; o < F; o++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double s = convBias[o];
                    for (int c = 0; c < C; c++) {
                        for (int di = 0; di < 3; di++) {
                            for (int dj = 0; dj < 2; dj++) {
                                s += input[(c * H + i + di) * W + j + dj] * kernel[((o * C + c) * 3 + di) * 2 + dj];
                            }
                        }
                    }
                    bn[o][i][j] = (s - mean[o]) / Math.sqrt(var[o] + 1e-5) * gamma[o] + beta[o];
                }
            }
        }
        int dh = oh - 2;
        int dw = ow - 2;
        double[] pooled = new double[F * M];
        for (int k = 0; k < F * M; k++) {
            int c = k / M; // output channel k reads input channel k / M
            for (int i = 0; i < dh; i++) {
                for (int j = 0; j < dw; j++) {
                    double s = 0;
                    for (int di = 0; di < 3; di++) {
                        for (int dj = 0; dj < 3; dj++) {
                            s += bn[c][i + di][j + dj] * depthwise[(k * 3 + di) * 3 + dj];
                        }
                    }
                    pooled[k] += s / (dh * dw);
                }
            }
        }
        float[] logits = new float[CLASSES];
        for (int o = 0; o < CLASSES; o++) {
            double s = denseBias[o];
            for (int k = 0; k < F * M; k++) {
                s += pooled[k] * dense[o * F * M + k];
            }
            logits[o] = (float) s;
        }
        return logits;
    }

    private float[] forward(SequentialBlock net) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(input, new Shape(1, C, H, W));
            return net.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow().toFloatArray();
        }
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-4 * Math.max(1, Math.abs(expected[i])), "logit " + i);
        }
    }

    private static Parameter parameter(SequentialBlock net, int index) {
        return net.getParameters().get(index).getValue();
    }

    /** O×I×3×2 → I×O×3×2. */
    private static float[] transpose(float[] oihw) {
        float[] out = new float[oihw.length];
        for (int o = 0; o < F; o++) {
            for (int i = 0; i < C; i++) {
                System.arraycopy(oihw, (o * C + i) * 6, out, (i * F + o) * 6, 6);
            }
        }
        return out;
    }

    private float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (random.nextInt(255) - 127) / 64f;
        }
        return v;
    }

    private float[] small(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (1 + random.nextInt(8)) / 256f;
        }
        return v;
    }
}
