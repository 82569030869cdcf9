package dev.citra.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.citra.CitraException;
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
    /**
     * With frozen statistics (bn_train false) the whole backbone learns, gamma and beta included, but
     * its moving statistics stay; the head's own BatchNorm still trains as usual.
     */
    @Test
    void frozenStatisticsStayWhileTheBackboneLearns() {
        ImageSpec spec = new ImageSpec(32, 3, Normalization.SYMMETRIC);
        ArchitectureSpec arch = new ArchitectureSpec("mobilenet_v2", null, null, 0.35,
                new HeadSpec(true, "avg", List.of()));
        try (Network net = Network.create(ArchitectureRegistry.defaults(), arch, spec, List.of("a", "b"), 4);
                Optimizer adam = new Adam(0f)) {
            assertEquals(52, net.freezeBackboneStatistics(true));
            Map<String, float[]> before = net.snapshot();
            float[] pixels = new float[4 * spec.tensorLength()];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) Math.sin(i * 0.37);
            }
            try (NDManager scope = net.manager().newSubManager()) {
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = net.forward(scope, pixels, 4, true);
                    gc.backward(Loss.softmaxCrossEntropyLoss().evaluate(
                            new NDList(scope.create(new int[] {0, 1, 0, 1})), new NDList(logits)));
                }
                adam.step(net, 0.01f, scope);
            }
            Map<String, float[]> after = net.snapshot();
            String backbone = net.block().getChildren().keys().get(0);
            int moved = 0;
            for (String key : before.keySet()) {
                boolean statistic = key.endsWith("runningMean") || key.endsWith("runningVar");
                boolean changed = !Arrays.equals(before.get(key), after.get(key));
                if (statistic && key.startsWith(backbone)) {
                    assertFalse(changed, key + " should stay");
                } else if (key.endsWith("runningVar")) {
                    // (Its mean may stay 0: a random backbone in inference mode can output zeros.)
                    assertTrue(changed, key + ": the head's BatchNorm trains as usual");
                } else if (key.endsWith("gamma") || key.endsWith("beta")) {
                    moved += changed ? 1 : 0;
                }
            }
            assertTrue(moved > 100, moved + " gammas and betas learned");
            net.freezeBackboneStatistics(false);
            try (NDManager scope = net.manager().newSubManager()) {
                net.forward(scope, pixels, 4, true);
            }
            String first = before.keySet().stream().filter(k -> k.startsWith(backbone) && k.endsWith("runningMean"))
                    .findFirst().orElseThrow();
            assertFalse(Arrays.equals(after.get(first), net.snapshot().get(first)), "released, they move again");
        }
    }

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

    @Test
    void lastBlocksOfABackboneTrainAndUnfreezingRestoresExactlyWhatWasTrainable() {
        ImageSpec spec = new ImageSpec(32, 3, Normalization.SYMMETRIC);
        HeadSpec s1 = new HeadSpec(true, "avg", List.of(16));
        try (Network net = Network.create(ArchitectureRegistry.defaults(),
                new ArchitectureSpec("mobilenet_v2", null, 0.5, 0.35, s1), spec, List.of("a", "b", "c"), 4)) {
            long all = net.trainableParameterCount();
            // Head: BN on 1280 channels (gamma, beta), dense 1280x16 + 16, dense 16x3 + 3.
            long head = 2 * 1280 + 1280 * 16 + 16 + 16 * 3 + 3;
            // The backbone's blocks: stem, 17 inverted residuals, last 1x1 conv.
            assertEquals(19, net.freezeBackbone());
            assertEquals(head, net.trainableParameterCount());
            // Its last block (Conv_1 1x1 from 112 channels to 1280, and its BN's gamma, beta) trains too.
            assertEquals(18, net.freeze(1));
            assertEquals(head + 112 * 1280 + 2 * 1280, net.trainableParameterCount());
            net.unfreeze();
            assertEquals(all, net.trainableParameterCount());
            assertEquals(0, net.frozenBlocks());
            CitraException tooMany = assertThrows(CitraException.class, () -> net.freeze(40));
            assertTrue(tooMany.getMessage().contains("19 blocks"), tooMany.getMessage());
        }
    }

    @Test
    void aPartlyFrozenBackboneKeepsTheStatisticsOfItsFrozenBlocksOnly() {
        ImageSpec spec = new ImageSpec(32, 3, Normalization.SYMMETRIC);
        try (Network net = Network.create(ArchitectureRegistry.defaults(),
                new ArchitectureSpec("mobilenet_v2", null, null, 0.35), spec, List.of("a", "b"), 4)) {
            net.freeze(1);
            Map<String, float[]> before = net.snapshot();
            float[] pixels = new float[4 * spec.tensorLength()];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) Math.sin(i * 0.37);
            }
            try (NDManager scope = net.manager().newSubManager()) {
                net.forward(scope, pixels, 4, true);
            }
            Map<String, float[]> after = net.snapshot();
            int changed = 0;
            int kept = 0;
            for (String key : before.keySet()) {
                if (!key.contains("running")) {
                    continue;
                }
                boolean same = Arrays.equals(before.get(key), after.get(key));
                // DJL names the backbone's children 01SequentialBlock ... 19SequentialBlock; the last trains.
                if (key.startsWith("01SequentialBlock_19")) {
                    assertFalse(same, key + " should move (training mode)");
                    changed++;
                } else {
                    assertTrue(same, key + " should stay (inference mode)");
                    kept++;
                }
            }
            assertEquals(2, changed);
            assertTrue(kept > 50, "kept " + kept);
        }
    }
}
