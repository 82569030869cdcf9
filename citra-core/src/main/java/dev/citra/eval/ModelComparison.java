package dev.citra.eval;

import java.util.List;

/**
 * Several models trained and evaluated on the very same split with the same seed: S4's table.
 *
 * @param title what was compared, for the report's heading
 * @param data the data set
 * @param seed the seed every run used
 * @param evaluatedSplit {@code test} or {@code val}: where the figures come from
 * @param sameSplit whether every run's split file lists were identical (they must be for a fair table)
 * @param entries one per model, in the order asked for
 */
public record ModelComparison(String title, String data, long seed, String evaluatedSplit, boolean sameSplit,
        List<Entry> entries) {
    public ModelComparison {
        entries = List.copyOf(entries);
    }

    /**
     * One model's row.
     *
     * @param model the architecture name
     * @param metrics its best checkpoint's figures on the evaluated split
     * @param parameters all parameter values
     * @param trainableParameters the ones that trained (the head only, with a frozen backbone)
     * @param trainSeconds time spent in training epochs (sum over epochs, validation included)
     * @param bestEpoch the epoch of the checkpoint evaluated
     * @param batch1Millis median latency of one image
     * @param throughputBatch the batch size of the throughput figure
     * @param imagesPerSecond inference throughput at {@code throughputBatch}
     * @param runDir the model's run folder
     * @param history its epochs, for the overlaid curves
     */
    public record Entry(String model, ClassificationMetrics metrics, long parameters, long trainableParameters,
            double trainSeconds, int bestEpoch, double batch1Millis, int throughputBatch, double imagesPerSecond,
            String runDir, List<EpochRecord> history) {
        public Entry {
            history = List.copyOf(history);
        }
    }
}
