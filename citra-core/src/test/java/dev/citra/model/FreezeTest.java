package dev.citra.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.train.optim.Adam;
import dev.citra.train.optim.Optimizer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A frozen backbone neither learns nor moves its BatchNorm statistics; the head still learns. */
class FreezeTest {
    @Test
    void frozenBackboneStaysAndTheHeadLearns() {
        ImageSpec spec = new ImageSpec(16, 3, Normalization.UNIT);
        try (Network net = Network.create(ArchitectureRegistry.defaults(), ArchitectureSpec.named("simple-cnn"), spec,
                List.of("a", "b"), 4); Optimizer adam = new Adam(0f)) {
            int frozen = net.freezeBackbone();
            // simple-cnn ends ... conv, BN | ReLU, GAP, dropout, dense: everything up to the last BN is frozen.
            assertEquals(net.block().getChildren().size() - 4, frozen);
            // Only the dense head (128 x 2 + 2) trains.
            assertEquals(258, net.trainableParameterCount());
            Map<String, float[]> before = net.snapshot();
            float[] pixels = new float[8 * spec.tensorLength()];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) ((Math.sin(i * 0.1) + 1) / 2);
            }
            for (int step = 0; step < 3; step++) {
                try (NDManager scope = net.manager().newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = net.forward(scope, pixels, 8, true);
                        gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(
                                new NDList(scope.create(new int[] {0, 1, 0, 1, 0, 1, 0, 1})), new NDList(logits)));
                    }
                    adam.step(net, 0.01f, scope);
                }
            }
            Map<String, float[]> after = net.snapshot();
            for (String key : before.keySet()) {
                boolean head = key.contains("Linear");
                if (head) {
                    assertFalse(Arrays.equals(before.get(key), after.get(key)), key + " should learn");
                } else {
                    // Includes runningMean/runningVar: inference mode leaves them alone.
                    assertArrayEquals(before.get(key), after.get(key), key + " should stay");
                }
            }
        }
    }
}
