package dev.citra.model;

import static dev.citra.model.KerasImportCheck.KERAS_EPSILON;
import static dev.citra.model.KerasImportCheck.citraLayerNames;
import static dev.citra.model.KerasImportCheck.labels;
import static dev.citra.model.KerasImportCheck.shapes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.KerasReference.Tensor;
import dev.citra.model.weights.ImportReport;
import dev.citra.model.weights.KerasWeightImporter;
import dev.citra.model.weights.KerasWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keras DenseNet weights into citra's densenet121/201: the Keras Applications layout (names with
 * slashes, which h5py stores as nested groups), a strict load from a real {@code .h5}, a
 * {@code _notop} file under S1's head, and the whole network's output against Keras's forward
 * pass computed independently by {@link KerasReference}.
 */
class DenseNetKerasWeightsTest {
    private static final int CLASSES = 5;
    private static final int[] DENSENET121 = {6, 12, 24, 16};
    private static final int[] DENSENET201 = {6, 12, 48, 32};

    @TempDir
    Path tmp;

    private final ArchitectureRegistry registry = ArchitectureRegistry.defaults();

    /** keras.applications.DenseNet(blocks, include_top=True, classes) as densenet.py builds it, up to the logits. */
    static double[] kerasDenseNet(KerasReference k, Tensor x, int[] blocks, int classes) {
        x = k.zeroPad("zero_padding2d", x, 3, 3, 3, 3);
        x = k.conv("conv1/conv", x, 64, 7, 2, false, false);
        x = k.batchNorm("conv1/bn", x);
        x = k.relu("conv1/relu", x);
        x = k.zeroPad("zero_padding2d_1", x, 1, 1, 1, 1);
        x = k.maxPool("pool1", x, 3, 2);
        for (int d = 0; d < 4; d++) {
            for (int b = 1; b <= blocks[d]; b++) {
                x = convBlock(k, x, 32, "conv" + (d + 2) + "_block" + b);
            }
            if (d < 3) {
                x = transitionBlock(k, x, 0.5, "pool" + (d + 2));
            }
        }
        x = k.batchNorm("bn", x);
        x = k.relu("relu", x);
        return k.dense("fc1000", k.globalAvgPool("avg_pool", x), classes);
    }

    private static Tensor convBlock(KerasReference k, Tensor x, int growthRate, String name) {
        Tensor x1 = k.batchNorm(name + "_0_bn", x);
        x1 = k.relu(name + "_0_relu", x1);
        x1 = k.conv(name + "_1_conv", x1, 4 * growthRate, 1, 1, false, false);
        x1 = k.batchNorm(name + "_1_bn", x1);
        x1 = k.relu(name + "_1_relu", x1);
        x1 = k.conv(name + "_2_conv", x1, growthRate, 3, 1, true, false);
        return k.concat(name + "_concat", x, x1);
    }

    private static Tensor transitionBlock(KerasReference k, Tensor x, double reduction, String name) {
        x = k.batchNorm(name + "_bn", x);
        x = k.relu(name + "_relu", x);
        x = k.conv(name + "_conv", x, (int) (x.c() * reduction), 1, 1, false, false);
        return k.avgPool(name + "_pool", x, 2, 2);
    }

    @Test
    void kerasLayoutOfStemFirstBlockTransitionAndHead() {
        KerasReference k = new KerasReference(1, KERAS_EPSILON);
        kerasDenseNet(k, k.input(32, 3), DENSENET121, 1000);
        Map<String, String> shapes = shapes(k.weights());
        // From densenet.py: no convolution biases; conv_block's 1x1 to 4*32 and 3x3 to 32; transitions halve.
        Map<String, String> expected = Map.ofEntries(
                Map.entry("conv1/conv", "kernel 7×7×3×64"),
                Map.entry("conv1/bn", "gamma 64, beta 64, moving_mean 64, moving_variance 64"),
                Map.entry("conv2_block1_0_bn", "gamma 64, beta 64, moving_mean 64, moving_variance 64"),
                Map.entry("conv2_block1_1_conv", "kernel 1×1×64×128"),
                Map.entry("conv2_block1_1_bn", "gamma 128, beta 128, moving_mean 128, moving_variance 128"),
                Map.entry("conv2_block1_2_conv", "kernel 3×3×128×32"),
                Map.entry("conv2_block2_0_bn", "gamma 96, beta 96, moving_mean 96, moving_variance 96"),
                Map.entry("pool2_bn", "gamma 256, beta 256, moving_mean 256, moving_variance 256"),
                Map.entry("pool2_conv", "kernel 1×1×256×128"),
                Map.entry("pool4_conv", "kernel 1×1×1024×512"),
                Map.entry("bn", "gamma 1024, beta 1024, moving_mean 1024, moving_variance 1024"),
                Map.entry("fc1000", "kernel 1024×1000, bias 1000"));
        expected.forEach((layer, weights) -> assertEquals(weights, shapes.get(layer), layer));
        assertEquals(List.of("conv1/conv", "conv1/bn", "conv2_block1_0_bn", "conv2_block1_1_conv", "conv2_block1_1_bn",
                "conv2_block1_2_conv", "conv2_block2_0_bn"), new ArrayList<>(shapes.keySet()).subList(0, 7));
        // 120 convolutions, 121 BatchNorms, the classifier; Keras's 8,062,504 values.
        assertEquals(242, shapes.size());
        assertEquals(8_062_504, KerasWeights.of("reference", k.weights()).valueCount());
        assertEquals(k.layerNames(), citraLayerNames("densenet121"));
    }

    @ParameterizedTest
    @CsvSource({"densenet121, 35", "densenet201, 32"})
    void weightsFromAKerasH5ReproduceKerasOutput(String name, int size) {
        int[] blocks = name.equals("densenet121") ? DENSENET121 : DENSENET201;
        KerasImportCheck.Agreement agreement = KerasImportCheck.run(tmp, name, size, CLASSES,
                (k, image) -> kerasDenseNet(k, image, blocks, CLASSES));
        System.out.println(name + " " + size + "x" + size + ": " + agreement);
        assertTrue(agreement.error() < 1e-3, agreement.toString());
        assertTrue(agreement.errorAgainstEpsilon1e3() > 1e-2, agreement.toString());
    }

    @Test
    void notopFileLoadsUnderS1sHeadAndStrictImportNamesWrongLayersAndShapes() {
        KerasReference k = new KerasReference(4, KERAS_EPSILON);
        kerasDenseNet(k, k.input(32, 3), DENSENET201, CLASSES);
        List<KerasWeights.Layer> notop = k.weights().subList(0, k.weights().size() - 1);
        ArchitectureSpec s1 = new ArchitectureSpec("densenet201", null, 0.5, null, new HeadSpec(true, "avg", List.of(128)));
        try (Network net = Network.create(registry, s1, new ImageSpec(32, 3, Normalization.TORCH), labels(8), 3)) {
            KerasWeightImporter importer = new KerasWeightImporter(registry);
            ImportReport report = importer.load(net, KerasWeights.of("densenet201_notop.h5", notop), true);
            assertTrue(report.complete(), report.summary());
            assertEquals(notop.size(), report.layersLoaded());
            // The new head keeps its initial weights: its BatchNorm, hidden dense layer and classifier.
            assertEquals(3, report.skipped().size(), report.summary());

            // A file whose stem has Keras 3's names (conv1_conv, ...) and a transition kernel stored (out, in).
            List<KerasWeights.Layer> bad = new ArrayList<>();
            for (KerasWeights.Layer l : notop) {
                if (l.name().startsWith("conv1/")) {
                    bad.add(new KerasWeights.Layer(l.name().replace('/', '_'), l.weights()));
                } else if (l.name().equals("pool3_conv")) {
                    KerasWeights.Tensor kernel = l.weights().get("kernel");
                    bad.add(KerasWeights.Layer.of(l.name(), new KerasWeights.Tensor("kernel", new int[] {1, 1, 256, 512},
                            kernel.values())));
                } else {
                    bad.add(l);
                }
            }
            float[] before = net.block().getParameters().get(0).getValue().getArray().toFloatArray();
            String msg = assertThrows(CitraException.class,
                    () -> importer.load(net, KerasWeights.of("keras3.h5", bad), true)).getMessage();
            // Keras 3's stem names do not match, so the layers pair up by order, as Keras loads such a
            // file; what is left is the one transposed kernel. By name, five layers would not fit.
            assertTrue(msg.contains("matched by layer order"), msg);
            assertTrue(msg.contains(": 1 problem:"), msg);
            assertTrue(msg.contains("pool3_conv (file layer pool3_conv)/kernel: shape 1×1×256×512 in the file, the network"
                    + " expects 1×1×512×256"), msg);
            assertTrue(msg.contains("Matching by layer name fits no better: 5 problems"), msg);
            assertArrayEquals(before, net.block().getParameters().get(0).getValue().getArray().toFloatArray());
        }
    }
}
