package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.eval.EpochRecord;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.LayerSpec;
import dev.citra.model.Network;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Early stopping and LR reduction behave as Keras's callbacks, with the best-not-previous rule. */
class CallbacksTest {
    private static Network tiny() {
        return Network.create(ArchitectureRegistry.defaults(),
                new ArchitectureSpec("custom", List.of(LayerSpec.of("flatten")), null, null),
                new ImageSpec(8, 1, Normalization.UNIT), List.of("a", "b"), 1);
    }

    private static TrainingContext context(Network net, TrainConfig config) {
        return new TrainingContext(net, null, config.totalEpochs(), List.of(), 0, config.optimisation().lr());
    }

    private static EpochRecord epoch(int e, double valLoss, double valAccuracy) {
        return new EpochRecord(e, 1.0, 0.5, valLoss, valAccuracy, 1e-3, 1);
    }

    @Test
    void earlyStoppingCountsFromTheBestEpochAndRestoresItsWeights() {
        try (Network net = tiny()) {
            TrainConfig config = TrainConfig.defaults();
            TrainingContext ctx = context(net, config);
            EarlyStopping es = new EarlyStopping(new EarlyStoppingConfig(3, "val_loss", "auto", 0.0, true));
            double[] losses = {0.9, 0.5, 0.6, 0.55, 0.52, 0.7};
            float[] bestWeights = null;
            for (int e = 1; e <= losses.length && ctx.stopReason() == null; e++) {
                ctx.beginEpoch(e);
                if (e == 2) {
                    bestWeights = net.trainableParameters().get(0).getValue().getArray().toFloatArray();
                }
                es.onEpochEnd(ctx, epoch(e, losses[e - 1], 0));
                // Change the weights after every epoch, as training would.
                var w = net.trainableParameters().get(0).getValue().getArray();
                w.set(FloatBuffer.wrap(new float[(int) w.size()]));
            }
            // 0.6, 0.55 and 0.52 each beat the previous epoch but never the best (0.5): stop after epoch 5.
            assertEquals(5, ctx.epoch());
            assertTrue(ctx.stopReason().contains("val_loss has not improved for 3 epochs (best 0.5000 at epoch 2)"),
                    ctx.stopReason());
            es.onTrainEnd(ctx);
            assertArrayEquals(bestWeights, net.trainableParameters().get(0).getValue().getArray().toFloatArray());
        }
    }

    @Test
    void accuracyIsMaximisedAndMinDeltaIsRespected() {
        try (Network net = tiny()) {
            TrainingContext ctx = context(net, TrainConfig.defaults());
            EarlyStopping es = new EarlyStopping(new EarlyStoppingConfig(2, "val_accuracy", "auto", 0.01, false));
            es.onEpochEnd(ctx, epoch(1, 1, 0.80));
            es.onEpochEnd(ctx, epoch(2, 1, 0.805));
            assertNull(ctx.stopReason(), "0.805 is within min_delta of 0.80: no improvement, but patience is 2");
            es.onEpochEnd(ctx, epoch(3, 1, 0.809));
            assertTrue(ctx.stopReason() != null, "two epochs without beating 0.80 by more than 0.01");
            assertEquals(1, es.bestEpoch());
        }
    }

    @Test
    void reduceLrMultipliesAfterPatienceAndStopsAtMinLr() {
        try (Network net = tiny()) {
            TrainingContext ctx = context(net, ConfigIO.fromMap(Map.of("lr", 0.01)));
            ReduceLrOnPlateau r = new ReduceLrOnPlateau(new ReduceLrConfig(2, "val_loss", "min", 0.1, 5e-4, 0.0));
            r.onEpochEnd(ctx, epoch(1, 1.0, 0));
            r.onEpochEnd(ctx, epoch(2, 1.0, 0));
            assertEquals(0.01, ctx.learningRate(), 1e-12);
            r.onEpochEnd(ctx, epoch(3, 1.0, 0));
            assertEquals(0.001, ctx.learningRate(), 1e-12);
            r.onEpochEnd(ctx, epoch(4, 1.0, 0));
            r.onEpochEnd(ctx, epoch(5, 1.0, 0));
            assertEquals(5e-4, ctx.learningRate(), 1e-12, "never below min_lr");
        }
    }

    @Test
    void stateSurvivesAResume() {
        EarlyStopping a = new EarlyStopping(EarlyStoppingConfig.defaults());
        try (Network net = tiny()) {
            TrainingContext ctx = context(net, TrainConfig.defaults());
            a.onEpochEnd(ctx, epoch(1, 0.4, 0));
            a.onEpochEnd(ctx, epoch(2, 0.6, 0));
        }
        EarlyStopping b = new EarlyStopping(EarlyStoppingConfig.defaults());
        b.restoreState(a.saveState());
        assertEquals(a.saveState(), b.saveState());
        assertEquals(1, b.bestEpoch());
    }
}
