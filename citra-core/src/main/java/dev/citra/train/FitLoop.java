package dev.citra.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.citra.eval.EpochRecord;
import dev.citra.model.TrainableModel;
import dev.citra.train.optim.Optimizer;
import java.util.List;

/**
 * The epoch loop every task trains with: restores the listeners' state when resuming, seeds each
 * epoch, runs the task's epoch and hands its record to the listeners (history, log, checkpoints,
 * early stopping, learning-rate changes), until the last epoch or a listener's stop.
 */
public final class FitLoop {
    private FitLoop() {}

    /** One epoch of a task: one pass over its training data, then its validation; returns the figures. */
    @FunctionalInterface
    public interface Epoch {
        EpochRecord run(TrainingContext ctx, int epoch);
    }

    /**
     * Trains from {@code resumeFrom} (null for a fresh start) up to {@code totalEpochs}.
     *
     * @param history epochs already done (non-empty only when resuming)
     * @return the context at the end: history, stop reason, final learning rate
     */
    public static TrainingContext fit(TrainableModel model, Optimizer optimizer, int totalEpochs, double lr, long seed,
            List<TrainingListener> listeners, TrainingState resumeFrom, List<EpochRecord> history, Epoch epochs) {
        int done = resumeFrom == null ? 0 : resumeFrom.epoch();
        TrainingContext ctx = new TrainingContext(model, optimizer, totalEpochs, history, done,
                resumeFrom == null ? lr : resumeFrom.learningRate());
        if (resumeFrom != null) {
            for (TrainingListener l : listeners) {
                if (l instanceof Stateful s && resumeFrom.listeners().containsKey(s.stateKey())) {
                    s.restoreState(resumeFrom.listeners().get(s.stateKey()));
                }
            }
        }
        listeners.forEach(l -> l.onTrainBegin(ctx));
        for (int epoch = done + 1; epoch <= ctx.totalEpochs() && ctx.stopReason() == null; epoch++) {
            ctx.beginEpoch(epoch);
            // Dropout draws from the engine's generator: seeded per epoch, a resumed run draws what the
            // uninterrupted one drew, and the same config and seed give the same run.
            Engine.getInstance().setRandomSeed((int) (seed * 1_000_033L + epoch));
            EpochRecord record = epochs.run(ctx, epoch);
            ctx.addRecord(record);
            for (TrainingListener l : listeners) {
                l.onEpochEnd(ctx, record);
            }
        }
        listeners.forEach(l -> l.onTrainEnd(ctx));
        return ctx;
    }

    /**
     * The optimizer step of one batch whose gradients are computed, guarded: a non-finite loss stops
     * the run before the update touches the weights, and an update that made a weight non-finite
     * stops it before the next batch builds on it.
     */
    public static void step(TrainingContext ctx, float loss, int batch, int batches, NDManager scope) {
        if (!Float.isFinite(loss)) {
            throw new TrainingDivergedException(ctx.epoch(), batch, batches, "the training loss became " + loss,
                    ctx.learningRate());
        }
        if (ctx.schedule() != null) {
            ctx.setLearningRate(ctx.schedule().rate(ctx.epoch(), batch, batches));
        }
        ctx.optimizer().step(ctx.model(), (float) ctx.learningRate(), scope);
        String broken = ctx.model().firstNonFiniteParameter(true);
        if (broken != null) {
            throw new TrainingDivergedException(ctx.epoch(), batch, batches, "the update made parameter " + broken
                    + " NaN or infinite (the loss was finite, " + loss + ")", ctx.learningRate());
        }
    }
}
