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

/**
 * Keras ResNet50 weights into citra's resnet50: the Keras Applications layout (names and shapes),
 * a strict load from a real {@code .h5}, and the whole network's output against Keras's forward pass
 * computed independently by {@link KerasReference} at 33×33 (odd sizes through every stride 2).
 */
class ResNet50KerasWeightsTest {
    private static final int CLASSES = 5;

    @TempDir
    Path tmp;

    private final ArchitectureRegistry registry = ArchitectureRegistry.defaults();

    /** keras.applications.ResNet50(include_top=True, classes) as resnet_common builds it, up to the logits. */
    static double[] kerasResNet50(KerasReference k, Tensor x, int classes) {
        x = k.zeroPad("conv1_pad", x, 3, 3, 3, 3);
        x = k.conv("conv1_conv", x, 64, 7, 2, false, true);
        x = k.batchNorm("conv1_bn", x);
        x = k.relu("conv1_relu", x);
        x = k.zeroPad("pool1_pad", x, 1, 1, 1, 1);
        x = k.maxPool("pool1_pool", x, 3, 2);
        x = stack1(k, x, 64, 3, 1, "conv2");
        x = stack1(k, x, 128, 4, 2, "conv3");
        x = stack1(k, x, 256, 6, 2, "conv4");
        x = stack1(k, x, 512, 3, 2, "conv5");
        return k.dense("fc1000", k.globalAvgPool("avg_pool", x), classes);
    }

    private static Tensor stack1(KerasReference k, Tensor x, int filters, int blocks, int stride1, String name) {
        x = block1(k, x, filters, stride1, true, name + "_block1");
        for (int i = 2; i <= blocks; i++) {
            x = block1(k, x, filters, 1, false, name + "_block" + i);
        }
        return x;
    }

    private static Tensor block1(KerasReference k, Tensor x, int filters, int stride, boolean convShortcut, String name) {
        Tensor shortcut = x;
        if (convShortcut) {
            shortcut = k.conv(name + "_0_conv", x, 4 * filters, 1, stride, false, true);
            shortcut = k.batchNorm(name + "_0_bn", shortcut);
        }
        x = k.conv(name + "_1_conv", x, filters, 1, stride, false, true);
        x = k.batchNorm(name + "_1_bn", x);
        x = k.relu(name + "_1_relu", x);
        x = k.conv(name + "_2_conv", x, filters, 3, 1, true, true);
        x = k.batchNorm(name + "_2_bn", x);
        x = k.relu(name + "_2_relu", x);
        x = k.conv(name + "_3_conv", x, 4 * filters, 1, 1, false, true);
        x = k.batchNorm(name + "_3_bn", x);
        x = k.add(name + "_add", shortcut, x);
        return k.relu(name + "_out", x);
    }

    @Test
    void kerasLayoutOfStemFirstBlockAndHead() {
        KerasReference k = new KerasReference(1, KERAS_EPSILON);
        kerasResNet50(k, k.input(32, 3), 1000);
        Map<String, String> shapes = shapes(k.weights());
        // From resnet_common.py: Conv2D(64, 7, strides=2, use_bias=True), block1's _0/_1/_2/_3 convolutions with
        // biases, BatchNormalization's four weights, Dense(classes).
        Map<String, String> expected = Map.ofEntries(
                Map.entry("conv1_conv", "kernel 7×7×3×64, bias 64"),
                Map.entry("conv1_bn", "gamma 64, beta 64, moving_mean 64, moving_variance 64"),
                Map.entry("conv2_block1_0_conv", "kernel 1×1×64×256, bias 256"),
                Map.entry("conv2_block1_0_bn", "gamma 256, beta 256, moving_mean 256, moving_variance 256"),
                Map.entry("conv2_block1_1_conv", "kernel 1×1×64×64, bias 64"),
                Map.entry("conv2_block1_1_bn", "gamma 64, beta 64, moving_mean 64, moving_variance 64"),
                Map.entry("conv2_block1_2_conv", "kernel 3×3×64×64, bias 64"),
                Map.entry("conv2_block1_2_bn", "gamma 64, beta 64, moving_mean 64, moving_variance 64"),
                Map.entry("conv2_block1_3_conv", "kernel 1×1×64×256, bias 256"),
                Map.entry("conv2_block1_3_bn", "gamma 256, beta 256, moving_mean 256, moving_variance 256"),
                Map.entry("conv3_block1_1_conv", "kernel 1×1×256×128, bias 128"),
                Map.entry("conv5_block3_3_conv", "kernel 1×1×512×2048, bias 2048"),
                Map.entry("fc1000", "kernel 2048×1000, bias 1000"));
        expected.forEach((layer, weights) -> assertEquals(weights, shapes.get(layer), layer));
        assertEquals(List.of("conv1_conv", "conv1_bn", "conv2_block1_0_conv", "conv2_block1_0_bn", "conv2_block1_1_conv",
                "conv2_block1_1_bn", "conv2_block1_2_conv", "conv2_block1_2_bn", "conv2_block1_3_conv",
                "conv2_block1_3_bn", "conv2_block2_1_conv"), new ArrayList<>(shapes.keySet()).subList(0, 11));
        // 53 convolutions, 53 BatchNorms, the classifier; Keras's 25,636,712 values.
        assertEquals(107, shapes.size());
        assertEquals(25_636_712, KerasWeights.of("reference", k.weights()).valueCount());
        // The same names, weightless layers included, as citra's network.
        assertEquals(k.layerNames(), citraLayerNames("resnet50"));
    }

    @Test
    void weightsFromAKerasH5ReproduceKerasOutput() {
        KerasImportCheck.Agreement agreement = KerasImportCheck.run(tmp, "resnet50", 33, CLASSES,
                (k, image) -> kerasResNet50(k, image, CLASSES));
        System.out.println("resnet50 33x33: " + agreement);
        assertTrue(agreement.error() < 1e-3, agreement.toString());
        // The comparison can tell: Keras's default epsilon 1e-3 instead of 1.001e-5 changes the output.
        assertTrue(agreement.errorAgainstEpsilon1e3() > 1e-2, agreement.toString());
    }

    @Test
    void strictImportNamesTheWrongLayerAndTheWrongShape() {
        KerasReference k = new KerasReference(4, KERAS_EPSILON);
        kerasResNet50(k, k.input(32, 3), CLASSES);
        List<KerasWeights.Layer> layers = new ArrayList<>();
        for (KerasWeights.Layer l : k.weights()) {
            if (l.name().equals("conv4_block1_0_bn")) {
                layers.add(new KerasWeights.Layer("conv4_block1_0_bn_1", l.weights())); // renamed
            } else if (l.name().equals("conv2_block1_2_conv")) {
                KerasWeights.Tensor kernel = l.weights().get("kernel");
                layers.add(KerasWeights.Layer.of(l.name(),
                        new KerasWeights.Tensor("kernel", new int[] {64, 64, 3, 3}, kernel.values()), // stored OIHW
                        l.weights().get("bias")));
            } else {
                layers.add(l);
            }
        }
        try (Network net = Network.create(registry, ArchitectureSpec.named("resnet50"),
                new ImageSpec(32, 3, Normalization.TORCH), labels(CLASSES), 3)) {
            float[] before = net.block().getParameters().get(0).getValue().getArray().toFloatArray();
            KerasWeightImporter importer = new KerasWeightImporter(registry);
            KerasWeights weights = KerasWeights.of("bad.h5", layers);
            String msg = assertThrows(CitraException.class, () -> importer.load(net, weights, true)).getMessage();
            assertTrue(msg.contains("3 problems"), msg);
            assertTrue(msg.contains("conv2_block1_2_conv/kernel: shape 64×64×3×3 in the file, the network expects 3×3×64×64"), msg);
            assertTrue(msg.contains("conv4_block1_0_bn: missing from the file"), msg);
            assertTrue(msg.contains("conv4_block1_0_bn_1: unexpected layer"), msg);
            assertArrayEquals(before, net.block().getParameters().get(0).getValue().getArray().toFloatArray());
            ImportReport partial = importer.load(net, weights, false);
            assertEquals(105, partial.layersLoaded(), partial.summary());
        }
    }
}
