package dev.citra.model;

import static dev.citra.model.KerasImportCheck.labels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ResNet50's layout: Keras's parameter counts, layer names, shapes and freezable blocks. */
class ResNet50Test {
    private final ArchitectureRegistry registry = ArchitectureRegistry.defaults();

    private Network network(int size, int classes) {
        return Network.create(registry, ArchitectureSpec.named("resnet50"), new ImageSpec(size, 3, Normalization.TORCH),
                labels(classes), 1);
    }

    @Test
    void withTheImageNetHeadHasKerasParameterCounts() {
        // Keras: ResNet50(include_top=True).summary(): 25,636,712 total, 25,583,592 trainable, 53,120 non-trainable.
        try (Network net = network(32, 1000)) {
            assertEquals(25_636_712, net.parameterCount());
            assertEquals(25_583_592, net.trainableParameterCount());
            ModelSummary s = ModelSummary.of(net);
            assertEquals(25_636_712, s.totalParams());
            assertEquals(53_120, s.nonTrainableParams());
        }
    }

    @Test
    void everyLayerHasItsKerasNameInKerasOrder() {
        List<String> names = registry.get("resnet50").layerNames(ArchitectureSpec.named("resnet50"), 10,
                new ImageSpec(32, 3, Normalization.TORCH));
        assertEquals(kerasNames(), names);
    }

    /** The names resnet_common.ResNet50 gives, written out from its stack1/block1 (include_top=True), plus citra's dropout. */
    private static List<String> kerasNames() {
        List<String> names = new ArrayList<>(List.of("conv1_pad", "conv1_conv", "conv1_bn", "conv1_relu", "pool1_pad",
                "pool1_pool"));
        int[] blocks = {3, 4, 6, 3};
        for (int stage = 0; stage < 4; stage++) {
            for (int b = 1; b <= blocks[stage]; b++) {
                String p = "conv" + (stage + 2) + "_block" + b + "_";
                if (b == 1) {
                    names.addAll(List.of(p + "0_conv", p + "0_bn"));
                }
                names.addAll(List.of(p + "1_conv", p + "1_bn", p + "1_relu", p + "2_conv", p + "2_bn", p + "2_relu",
                        p + "3_conv", p + "3_bn", p + "add", p + "out"));
            }
        }
        names.addAll(List.of("avg_pool", "head_dropout", "fc1000"));
        return names;
    }

    @Test
    void summaryShowsKerasShapesAndParameters() {
        try (Network net = network(64, 1000)) {
            List<ModelSummary.Row> rows = ModelSummary.of(net).rows();
            assertEquals(new ModelSummary.Row("conv1_pad", "zero_pad", "(70, 70, 3)", 0, 0), rows.get(0));
            // 7*7*3*64 + 64 (Keras's ResNet50 convolutions have biases).
            assertEquals(new ModelSummary.Row("conv1_conv", "Conv2d", "(32, 32, 64)", 9_472, 9_472), rows.get(1));
            assertEquals(new ModelSummary.Row("conv1_bn", "BatchNorm", "(32, 32, 64)", 256, 128), rows.get(2));
            assertEquals(new ModelSummary.Row("pool1_pad", "zero_pad", "(34, 34, 64)", 0, 0), rows.get(4));
            assertEquals(new ModelSummary.Row("pool1_pool", "maxPool2d", "(16, 16, 64)", 0, 0), row(rows, "pool1_pool"));
            assertEquals(new ModelSummary.Row("conv2_block1_0_conv", "Conv2d", "(16, 16, 256)", 16_640, 16_640),
                    row(rows, "conv2_block1_0_conv"));
            assertEquals(new ModelSummary.Row("conv2_block1_2_conv", "Conv2d", "(16, 16, 64)", 36_928, 36_928),
                    row(rows, "conv2_block1_2_conv"));
            assertEquals(new ModelSummary.Row("conv2_block1_add", "Add", "(16, 16, 256)", 0, 0), row(rows, "conv2_block1_add"));
            // The stride sits on the first 1x1 convolution of a stage, as in Keras (v1.5 puts it on the 3x3).
            assertEquals("(8, 8, 128)", row(rows, "conv3_block1_1_conv").outputShape());
            assertEquals("(2, 2, 2048)", row(rows, "conv5_block3_out").outputShape());
            assertEquals(new ModelSummary.Row("fc1000", "Linear", "(1000)", 2_049_000, 2_049_000),
                    rows.get(rows.size() - 1));
        }
    }

    static ModelSummary.Row row(List<ModelSummary.Row> rows, String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name));
    }

    @Test
    void buildsAtTheSmallestAndOddSizesAndRejectsSmallerOnes() {
        for (int size : new int[] {32, 33}) {
            try (Network net = network(size, 3); NDManager scope = net.manager().newSubManager()) {
                NDArray out = net.forward(scope, new float[2 * net.input().tensorLength()], 2, false);
                assertArrayEquals(new long[] {2, 3}, out.getShape().getShape());
            }
        }
        CitraException e = assertThrows(CitraException.class, () -> network(31, 3));
        assertTrue(e.getMessage().contains("resnet50 needs input of at least 32x32 pixels, not 31"), e.getMessage());
        assertTrue(e.getMessage().contains("--img-size"), e.getMessage());
    }

    @Test
    void freezableBlocksAreTheStemAndTheSixteenResidualBlocks() {
        try (Network net = network(32, 4)) {
            assertEquals(17, net.freezeBackbone());
            // Only the head trains: 2048*4 + 4.
            assertEquals(8_196, net.trainableParameterCount());
            assertEquals(15, net.freeze(2));
            // The last two blocks (conv5_block2, conv5_block3) train: 2 x (1x1 2048->512, 3x3 512->512, 1x1 512->2048,
            // with biases, and three BatchNorms' gamma and beta).
            long block = (2048 * 512 + 512) + (9 * 512 * 512 + 512) + (512 * 2048 + 2048) + 2 * (512 + 512 + 2048);
            assertEquals(2 * block + 8_196, net.trainableParameterCount());
        }
    }
}
