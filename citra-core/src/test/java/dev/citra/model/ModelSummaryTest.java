package dev.citra.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Keras-style layer table: Keras's counts and names for MobileNetV2, DJL names elsewhere. */
class ModelSummaryTest {
    private static Network network(String name, int size, int channels, int classes) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            labels.add("c" + i);
        }
        return Network.create(ArchitectureRegistry.defaults(), ArchitectureSpec.named(name),
                new ImageSpec(size, channels, Normalization.parse("imagenet")), labels, 0);
    }

    @Test
    void mobileNetV2MatchesKerasCountsAndNames() {
        try (Network n = network("mobilenet_v2", 224, 3, 1000)) {
            ModelSummary s = ModelSummary.of(n);
            assertEquals(3_538_984, s.totalParams());
            assertEquals(3_504_872, s.trainableParams());
            assertEquals(34_112, s.nonTrainableParams());
            assertEquals(n.parameterCount(), s.totalParams());
            assertEquals(n.trainableParameterCount(), s.trainableParams());

            List<ModelSummary.Row> rows = s.rows();
            assertEquals(new ModelSummary.Row("Conv1_pad", "zero_pad", "(225, 225, 3)", 0, 0), rows.get(0));
            assertEquals(new ModelSummary.Row("Conv1", "Conv2d", "(112, 112, 32)", 864, 864), rows.get(1));
            assertEquals(new ModelSummary.Row("bn_Conv1", "BatchNorm", "(112, 112, 32)", 128, 64), rows.get(2));
            assertEquals(new ModelSummary.Row("Conv1_relu", "Relu6", "(112, 112, 32)", 0, 0), rows.get(3));
            assertEquals("expanded_conv_depthwise", rows.get(4).name());
            assertEquals("expanded_conv_depthwise_relu", rows.get(6).name());
            assertTrue(rows.stream().anyMatch(r -> r.name().equals("block_1_pad") && r.outputShape().equals("(113, 113, 96)")),
                    s.toTable());
            assertTrue(rows.stream().anyMatch(r -> r.name().equals("block_2_add") && r.outputShape().equals("(56, 56, 24)")),
                    s.toTable());
            ModelSummary.Row last = rows.get(rows.size() - 1);
            assertEquals(new ModelSummary.Row("predictions", "Linear", "(1000)", 1_281_000, 1_281_000), last);
            assertEquals("out_relu", rows.get(rows.size() - 4).name());

            String table = s.toTable();
            assertTrue(table.contains("Total params: 3,538,984\n"), table);
            assertTrue(table.contains("Trainable params: 3,504,872\n"), table);
            assertTrue(table.contains("Non-trainable params: 34,112\n"), table);
            assertTrue(table.contains("channels-last"), table);
        }
    }

    @Test
    void ferCnnAndSimpleCnnTotalsMatchTheNetwork() {
        try (Network fer = network("fer-cnn", 48, 1, 7); Network simple = network("simple-cnn", 64, 3, 5)) {
            for (Network n : List.of(fer, simple)) {
                ModelSummary s = ModelSummary.of(n);
                assertEquals(n.parameterCount(), s.totalParams(), s.toTable());
                assertEquals(n.trainableParameterCount(), s.trainableParams(), s.toTable());
                assertTrue(s.rows().get(0).name().endsWith("Conv2d"), s.toTable());
            }
            ModelSummary simple64 = ModelSummary.of(simple);
            assertEquals("(64, 64, 32)", simple64.rows().get(0).outputShape());
            assertEquals("(5)", simple64.rows().get(simple64.rows().size() - 1).outputShape());
        }
    }
}
