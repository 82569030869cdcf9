package dev.citra.model;

import static dev.citra.model.KerasImportCheck.labels;
import static dev.citra.model.ResNet50Test.row;
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

/** DenseNet121/169/201: Keras's parameter counts, S1's frozen model, layer names, shapes, freezable blocks. */
class DenseNetTest {
    private final ArchitectureRegistry registry = ArchitectureRegistry.defaults();

    private Network network(ArchitectureSpec spec, int size, int classes) {
        return Network.create(registry, spec, new ImageSpec(size, 3, Normalization.TORCH), labels(classes), 1);
    }

    @Test
    void withTheImageNetHeadHaveKerasParameterCounts() {
        // Keras DenseNet121/169/201(include_top=True).summary(): total, trainable, non-trainable.
        long[][] keras = {{8_062_504, 7_978_856, 83_648}, {14_307_880, 14_149_480, 158_400},
            {20_242_984, 20_013_928, 229_056}};
        String[] names = {"densenet121", "densenet169", "densenet201"};
        for (int i = 0; i < names.length; i++) {
            try (Network net = network(ArchitectureSpec.named(names[i]), 32, 1000)) {
                assertEquals(keras[i][0], net.parameterCount(), names[i]);
                assertEquals(keras[i][1], net.trainableParameterCount(), names[i]);
                assertEquals(keras[i][2], ModelSummary.of(net).nonTrainableParams(), names[i]);
            }
        }
    }

    @Test
    void s1FrozenDenseNet201WithItsHeadMatchesThePapersTable() {
        // DenseNet201(include_top=False) frozen, then BatchNormalization, GlobalAveragePooling2D, Dense(128, relu),
        // Dropout, Dense(8, softmax).
        ArchitectureSpec s1 = new ArchitectureSpec("densenet201", null, 0.5, null, new HeadSpec(true, "avg", List.of(128)));
        try (Network net = network(s1, 64, 8)) {
            net.freezeBackbone();
            ModelSummary s = ModelSummary.of(net);
            assertEquals(18_576_584, s.totalParams(), s.toTable());
            assertEquals(250_760, s.trainableParams());
            assertEquals(18_325_824, s.nonTrainableParams());
            List<ModelSummary.Row> rows = s.rows();
            assertEquals(new ModelSummary.Row("relu", "ReLU", "(2, 2, 1920)", 0, 0), row(rows, "relu"));
            assertEquals(new ModelSummary.Row("head_batchnorm", "BatchNorm", "(2, 2, 1920)", 7_680, 3_840),
                    row(rows, "head_batchnorm"));
            assertEquals(new ModelSummary.Row("head_dense_1", "Linear", "(128)", 245_888, 245_888), row(rows, "head_dense_1"));
            assertEquals(new ModelSummary.Row("fc1000", "Linear", "(8)", 1_032, 1_032), rows.get(rows.size() - 1));
        }
    }

    @Test
    void everyLayerHasItsKerasNameInKerasOrder() {
        ImageSpec input = new ImageSpec(32, 3, Normalization.TORCH);
        assertEquals(kerasNames(6, 12, 24, 16),
                registry.get("densenet121").layerNames(ArchitectureSpec.named("densenet121"), 10, input));
        assertEquals(kerasNames(6, 12, 48, 32),
                registry.get("densenet201").layerNames(ArchitectureSpec.named("densenet201"), 10, input));
    }

    /** The names keras_applications.densenet gives, written out from its dense_block/transition_block, plus citra's dropout. */
    private static List<String> kerasNames(int... blocks) {
        List<String> names = new ArrayList<>(List.of("zero_padding2d", "conv1/conv", "conv1/bn", "conv1/relu",
                "zero_padding2d_1", "pool1"));
        for (int d = 0; d < 4; d++) {
            for (int b = 1; b <= blocks[d]; b++) {
                String p = "conv" + (d + 2) + "_block" + b + "_";
                names.addAll(List.of(p + "0_bn", p + "0_relu", p + "1_conv", p + "1_bn", p + "1_relu", p + "2_conv",
                        p + "concat"));
            }
            if (d < 3) {
                String p = "pool" + (d + 2) + "_";
                names.addAll(List.of(p + "bn", p + "relu", p + "conv", p + "pool"));
            }
        }
        names.addAll(List.of("bn", "relu", "avg_pool", "head_dropout", "fc1000"));
        return names;
    }

    @Test
    void summaryShowsKerasShapesAndParameters() {
        try (Network net = network(ArchitectureSpec.named("densenet121"), 64, 1000)) {
            List<ModelSummary.Row> rows = ModelSummary.of(net).rows();
            assertEquals(new ModelSummary.Row("zero_padding2d", "zero_pad", "(70, 70, 3)", 0, 0), rows.get(0));
            // No bias: 7*7*3*64.
            assertEquals(new ModelSummary.Row("conv1/conv", "Conv2d", "(32, 32, 64)", 9_408, 9_408), rows.get(1));
            assertEquals(new ModelSummary.Row("pool1", "maxPool2d", "(16, 16, 64)", 0, 0), row(rows, "pool1"));
            assertEquals(new ModelSummary.Row("conv2_block1_1_conv", "Conv2d", "(16, 16, 128)", 8_192, 8_192),
                    row(rows, "conv2_block1_1_conv"));
            assertEquals(new ModelSummary.Row("conv2_block1_2_conv", "Conv2d", "(16, 16, 32)", 36_864, 36_864),
                    row(rows, "conv2_block1_2_conv"));
            assertEquals(new ModelSummary.Row("conv2_block1_concat", "Concatenate", "(16, 16, 96)", 0, 0),
                    row(rows, "conv2_block1_concat"));
            assertEquals("(16, 16, 256)", row(rows, "conv2_block6_concat").outputShape());
            assertEquals(new ModelSummary.Row("pool2_conv", "Conv2d", "(16, 16, 128)", 32_768, 32_768),
                    row(rows, "pool2_conv"));
            assertEquals(new ModelSummary.Row("pool2_pool", "avgPool2d", "(8, 8, 128)", 0, 0), row(rows, "pool2_pool"));
            assertEquals("(2, 2, 1024)", row(rows, "relu").outputShape());
        }
    }

    @Test
    void buildsAtTheSmallestAndOddSizesAndRejectsSmallerOnes() {
        for (int size : new int[] {32, 35}) {
            try (Network net = network(ArchitectureSpec.named("densenet121"), size, 3);
                    NDManager scope = net.manager().newSubManager()) {
                NDArray out = net.forward(scope, new float[net.input().tensorLength()], 1, false);
                assertArrayEquals(new long[] {1, 3}, out.getShape().getShape());
            }
        }
        CitraException e = assertThrows(CitraException.class, () -> network(ArchitectureSpec.named("densenet201"), 24, 3));
        assertTrue(e.getMessage().contains("densenet201 needs input of at least 32x32 pixels, not 24"), e.getMessage());
    }

    @Test
    void freezableBlocksAreTheStemEveryConvBlockEveryTransitionAndTheLastBatchNorm() {
        try (Network net = network(ArchitectureSpec.named("densenet121"), 32, 4)) {
            assertEquals(1 + (6 + 12 + 24 + 16) + 3 + 1, net.freezeBackbone());
            assertEquals(1024 * 4 + 4, net.trainableParameterCount());
            net.freeze(2);
            // conv5_block16 (BN 992, 1x1 992->128, BN 128, 3x3 128->32: gamma and beta train) and the final BN (1024).
            long block = 2 * 992 + 992 * 128 + 2 * 128 + 9 * 128 * 32;
            assertEquals(block + 2 * 1024 + 1024 * 4 + 4, net.trainableParameterCount());
        }
    }
}
