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
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.KerasH5Writer;
import dev.citra.model.Layers;
import dev.citra.model.Network;
import dev.citra.util.Engines;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras layout conversion on a tiny network (non-square 3×2 conv kernel with bias, BatchNorm,
 * depthwise 3×3 with depth multiplier 2, global average pool, dense) whose output is computed
 * independently here in Keras's NHWC/HWIO terms: any wrong transpose changes the numbers. The
 * weights go through real .h5 files written with jHDF in the Keras layouts.
 */
class KerasWeightImporterTest {
    private static final int H = 6;
    private static final int W = 7;
    private static final int C = 2;
    private static final int F = 3;
    private static final int M = 2;
    private static final int CLASSES = 2;
    private static final List<String> NAMES = List.of("conv", "bn", "dw", "predictions");

    @TempDir
    Path tmp;

    private NDManager manager;
    private final Random random = new Random(42);

    // Keras-layout weights.
    private final float[] kernel = values(3 * 2 * C * F);     // 3×2×C×F (HWIO)
    private final float[] convBias = values(F);
    private final float[] gamma = values(F);
    private final float[] beta = values(F);
    private final float[] mean = values(F);
    private final float[] var = positive(F);
    private final float[] depthwise = values(3 * 3 * F * M);  // 3×3×F×M
    private final float[] dense = values(F * M * CLASSES);    // (F·M)×classes
    private final float[] denseBias = values(CLASSES);
    private final float[] input = values(H * W * C);           // NHWC, batch 1

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

    private KerasWeights.Layer[] kerasLayers() {
        return new KerasWeights.Layer[] {
            KerasWeights.Layer.of("conv", t("kernel", kernel, 3, 2, C, F), t("bias", convBias, F)),
            KerasWeights.Layer.of("bn", t("gamma", gamma, F), t("beta", beta, F), t("moving_mean", mean, F),
                    t("moving_variance", var, F)),
            KerasWeights.Layer.of("dw", t("depthwise_kernel", depthwise, 3, 3, F, M)),
            KerasWeights.Layer.of("predictions", t("kernel", dense, F * M, CLASSES), t("bias", denseBias, CLASSES))
        };
    }

    @Test
    void convertedWeightsReproduceKerasOutput() {
        SequentialBlock net = tinyNetwork(CLASSES);
        ImportReport report = KerasWeightImporter.load(net, NAMES, KerasWeights.of("memory", List.of(kerasLayers())), true);
        assertTrue(report.complete());
        assertEquals(4, report.layersLoaded());
        assertEquals(kernel.length + convBias.length + 4 * F + depthwise.length + dense.length + denseBias.length,
                report.valuesLoaded());
        assertArrayEquals(kerasReference(), forward(net), 1e-4f);
    }

    @Test
    void readsKerasApplicationsH5() throws Exception {
        Path file = tmp.resolve("tiny_weights_tf_dim_ordering_tf_kernels.h5");
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("backend", "tensorflow");
            h5.putAttribute("keras_version", "2.15.0");
            writeLayers(h5, false);
        }
        KerasWeights weights = KerasH5Reader.read(file);
        assertEquals(NAMES, new ArrayList<>(weights.layers().keySet()));
        assertArrayEquals(new int[] {3, 2, C, F}, weights.layers().get("conv").weights().get("kernel").shape());
        assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"),
                new ArrayList<>(weights.layers().get("bn").weights().keySet()));
        SequentialBlock net = tinyNetwork(CLASSES);
        KerasWeightImporter.load(net, NAMES, weights, true);
        assertArrayEquals(kerasReference(), forward(net), 1e-4f);
    }

    @Test
    void readsWholeModelSaveH5WithNestedBackbone() throws Exception {
        Path file = tmp.resolve("model.h5");
        try (WritableHdfFile h5 = HdfFile.write(file)) {
            h5.putAttribute("keras_version", "2.15.0");
            h5.putAttribute("model_config", "{\"class_name\": \"Functional\"}");
            WritableGroup mw = h5.putGroup("model_weights");
            writeLayers(mw, true);
        }
        KerasWeights weights = KerasH5Reader.read(file);
        assertEquals(NAMES, new ArrayList<>(weights.layers().keySet()));
        SequentialBlock net = tinyNetwork(CLASSES);
        KerasWeightImporter.load(net, NAMES, weights, true);
        assertArrayEquals(kerasReference(), forward(net), 1e-4f);
    }

    @Test
    void strictImportListsEveryProblemAndChangesNothing() {
        KerasWeights.Layer[] layers = kerasLayers();
        List<KerasWeights.Layer> file = new ArrayList<>();
        // conv kernel stored transposed (OIHW): mis-shaped.
        file.add(KerasWeights.Layer.of("conv", t("kernel", kernel, F, C, 3, 2), t("bias", convBias, F)));
        // bn: missing altogether. dw: an extra weight.
        file.add(KerasWeights.Layer.of("dw", t("depthwise_kernel", depthwise, 3, 3, F, M), t("bias", values(F * M), F * M)));
        file.add(layers[3]);
        file.add(KerasWeights.Layer.of("dense_7", t("kernel", values(4), 2, 2)));
        SequentialBlock net = tinyNetwork(CLASSES);
        float[] before = net.getParameters().get(0).getValue().getArray().toFloatArray();
        CitraException e = assertThrows(CitraException.class,
                () -> KerasWeightImporter.load(net, NAMES, KerasWeights.of("bad.h5", file), true));
        String msg = e.getMessage();
        assertTrue(msg.contains("bad.h5") && msg.contains("4 problems"), msg);
        assertTrue(msg.contains("conv/kernel: shape 3×2×3×2 in the file, the network expects 3×2×2×3"), msg);
        assertTrue(msg.contains("bn: missing from the file"), msg);
        assertTrue(msg.contains("moving_variance 3"), msg);
        assertTrue(msg.contains("dw/bias: unexpected weight"), msg);
        assertTrue(msg.contains("dense_7: unexpected layer"), msg);
        assertArrayEquals(before, net.getParameters().get(0).getValue().getArray().toFloatArray());

        ImportReport report = KerasWeightImporter.load(net, NAMES, KerasWeights.of("bad.h5", file), false);
        assertEquals(4, report.problems().size(), report.summary());
        assertEquals(1, report.layersLoaded(), report.summary()); // predictions only
        assertArrayEquals(denseBias, net.getParameters().get(net.getParameters().size() - 1).getValue().getArray().toFloatArray());
    }

    @Test
    void headOfAnotherSizeOrMissingIsSkippedAndReported() {
        KerasWeights.Layer[] layers = kerasLayers();
        // A 5-class network: the file's 2-class predictions layer is skipped, the rest loads.
        SequentialBlock five = tinyNetwork(5);
        ImportReport report = KerasWeightImporter.load(five, NAMES, KerasWeights.of("full.h5", List.of(layers)), true);
        assertTrue(report.complete());
        assertEquals(3, report.layersLoaded());
        assertEquals(1, report.skipped().size());
        assertTrue(report.skipped().get(0).startsWith("predictions: the file's kernel is 6×2"), report.skipped().get(0));
        // A _notop file.
        SequentialBlock two = tinyNetwork(CLASSES);
        ImportReport notop = KerasWeightImporter.load(two, NAMES,
                KerasWeights.of("notop.h5", List.of(layers[0], layers[1], layers[2])), true);
        assertTrue(notop.complete());
        assertTrue(notop.skipped().get(0).startsWith("predictions: not in the file"), notop.skipped().get(0));
    }

    @Test
    void mobileNetV2NamesEveryWeightedLayerInKerasOrder() {
        ArchitectureRegistry registry = ArchitectureRegistry.defaults();
        ImageSpec spec = new ImageSpec(32, 3, Normalization.SYMMETRIC);
        List<String> labels = IntStream.range(0, 4).mapToObj(i -> "c" + i).toList();
        List<String> names = registry.get("mobilenet_v2").kerasLayerNames(ArchitectureSpec.named("mobilenet_v2"), 4, spec);
        assertEquals(List.of("Conv1", "bn_Conv1", "expanded_conv_depthwise", "expanded_conv_depthwise_BN",
                "expanded_conv_project", "expanded_conv_project_BN", "block_1_expand", "block_1_expand_BN",
                "block_1_depthwise", "block_1_depthwise_BN", "block_1_project", "block_1_project_BN"), names.subList(0, 12));
        assertEquals(List.of("block_16_project_BN", "Conv_1", "Conv_1_bn", "predictions"), names.subList(names.size() - 4, names.size()));
        assertEquals(2 + 4 + 16 * 6 + 2 + 1, names.size());
        // An empty file: every layer but the head is missing, all in one message.
        try (Network net = Network.create(registry, ArchitectureSpec.named("mobilenet_v2"), spec, labels, 1)) {
            CitraException e = assertThrows(CitraException.class, () -> new KerasWeightImporter(registry)
                    .load(net, KerasWeights.of("empty.h5", List.of()), true));
            assertTrue(e.getMessage().contains("104 problems"), e.getMessage().substring(0, 200));
            assertTrue(e.getMessage().contains("block_16_depthwise: missing from the file (the network expects depthwise_kernel 3×3×960×1)"));
            ImportReport report = new KerasWeightImporter(registry).load(net, KerasWeights.of("empty.h5", List.of()), false);
            assertFalse(report.complete());
            assertEquals(0, report.valuesLoaded());
        }
    }

    @Test
    void labelsDropLeadingBackground() throws Exception {
        Path with = tmp.resolve("with.txt");
        Files.writeString(with, "background\ntench\ngoldfish\nshark\n");
        assertEquals(List.of("tench", "goldfish", "shark"), ImageNetLabels.read(with, 3));
        Path plain = tmp.resolve("plain.txt");
        Files.writeString(plain, "tench\ngoldfish\nshark\n\n");
        assertEquals(List.of("tench", "goldfish", "shark"), ImageNetLabels.read(plain));
        CitraException e = assertThrows(CitraException.class, () -> ImageNetLabels.read(plain, 1000));
        assertTrue(e.getMessage().contains("has 3 labels but the model has 1000 classes"), e.getMessage());
    }

    // --- the independent Keras-semantics reference (NHWC, HWIO) ---

    private float[] kerasReference() {
        int oh = H - 3 + 1;
        int ow = W - 2 + 1;
        double[][][] conv = new double[oh][ow][F];
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                for (int o = 0; o < F; o++) {
                    double s = convBias[o];
                    for (int di = 0; di < 3; di++) {
                        for (int dj = 0; dj < 2; dj++) {
                            for (int c = 0; c < C; c++) {
                                s += input[((i + di) * W + (j + dj)) * C + c] * kernel[((di * 2 + dj) * C + c) * F + o];
                            }
                        }
                    }
                    conv[i][j][o] = (s - mean[o]) / Math.sqrt(var[o] + 1e-3) * gamma[o] + beta[o];
                }
            }
        }
        int dh = oh - 2;
        int dw = ow - 2;
        double[] pooled = new double[F * M];
        for (int i = 0; i < dh; i++) {
            for (int j = 0; j < dw; j++) {
                for (int c = 0; c < F; c++) {
                    for (int m = 0; m < M; m++) {
                        double s = 0;
                        for (int di = 0; di < 3; di++) {
                            for (int dj = 0; dj < 3; dj++) {
                                s += conv[i + di][j + dj][c] * depthwise[((di * 3 + dj) * F + c) * M + m];
                            }
                        }
                        pooled[c * M + m] += s / (dh * dw);
                    }
                }
            }
        }
        float[] logits = new float[CLASSES];
        for (int o = 0; o < CLASSES; o++) {
            double s = denseBias[o];
            for (int k = 0; k < F * M; k++) {
                s += pooled[k] * dense[k * CLASSES + o];
            }
            logits[o] = (float) s;
        }
        return logits;
    }

    private float[] forward(SequentialBlock net) {
        float[] nchw = new float[input.length];
        for (int h = 0; h < H; h++) {
            for (int w = 0; w < W; w++) {
                for (int c = 0; c < C; c++) {
                    nchw[(c * H + h) * W + w] = input[(h * W + w) * C + c];
                }
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(nchw, new Shape(1, C, H, W));
            return net.forward(new ParameterStore(scope, false), new NDList(x), false).singletonOrThrow().toFloatArray();
        }
    }

    // --- writing Keras-layout .h5 files ---

    /**
     * Layers as Keras writes them: root attribute layer_names (weightless layers included), a
     * group per layer with weight_names, datasets at layer/layer/weight:0. With {@code nested},
     * conv, bn and dw sit inside one "backbone" layer as a model.save() of a transfer model has them.
     */
    private void writeLayers(WritableGroup root, boolean nested) {
        KerasWeights.Layer[] layers = kerasLayers();
        List<String> layerNames = new ArrayList<>(List.of("input_1"));
        // Keras gives weightless layers an empty weight_names; jHDF cannot write an empty array, so
        // these have none (the reader treats both alike).
        root.putGroup("input_1");
        if (nested) {
            layerNames.add("backbone");
            WritableGroup backbone = root.putGroup("backbone");
            List<String> weightNames = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                WritableGroup inner = backbone.putGroup(layers[i].name());
                for (KerasWeights.Tensor t : layers[i].weights().values()) {
                    inner.putDataset(t.name() + ":0", KerasH5Writer.nested(t));
                    weightNames.add(layers[i].name() + "/" + t.name() + ":0");
                }
            }
            backbone.putAttribute("weight_names", weightNames.toArray(String[]::new));
        }
        for (int i = nested ? 3 : 0; i < layers.length; i++) {
            layerNames.add(layers[i].name());
            WritableGroup g = root.putGroup(layers[i].name());
            WritableGroup inner = g.putGroup(layers[i].name());
            List<String> weightNames = new ArrayList<>();
            for (KerasWeights.Tensor t : layers[i].weights().values()) {
                inner.putDataset(t.name() + ":0", KerasH5Writer.nested(t));
                weightNames.add(layers[i].name() + "/" + t.name() + ":0");
            }
            g.putAttribute("weight_names", weightNames.toArray(String[]::new));
            if (i == 2) {
                layerNames.add("dw_relu");
                root.putGroup("dw_relu");
            }
        }
        root.putAttribute("layer_names", layerNames.toArray(String[]::new));
    }

    private static KerasWeights.Tensor t(String name, float[] values, int... shape) {
        return new KerasWeights.Tensor(name, shape, values);
    }

    private float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * 0.5);
        }
        return v;
    }

    private float[] positive(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.5f + random.nextFloat();
        }
        return v;
    }
}
