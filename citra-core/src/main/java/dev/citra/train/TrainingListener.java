package dev.citra.train;

import dev.citra.eval.EpochRecord;

/** Hooks into the training loop, as Keras callbacks. All methods are optional. */
public interface TrainingListener {
    default void onTrainBegin(TrainingContext ctx) {}

    /**
     * After each batch.
     *
     * @param batch 1-based batch index within the epoch
     * @param runningLoss mean loss of the epoch so far
     * @param runningAccuracy accuracy of the epoch so far
     */
    default void onBatchEnd(TrainingContext ctx, int batch, int batches, double runningLoss, double runningAccuracy) {}

    /** After validation, with the epoch's record already in the history. */
    default void onEpochEnd(TrainingContext ctx, EpochRecord record) {}

    default void onTrainEnd(TrainingContext ctx) {}
}
