package dev.citra.train;

import dev.citra.bundle.ModelBundle;
import dev.citra.eval.EpochRecord;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code last/} after every epoch (weights, optimizer state, loop state: everything
 * {@code --resume} needs) and {@code best/} whenever the monitored metric improves.
 */
public final class Checkpointer extends PlateauListener {
    /** Writes the model of a task as a bundle (a classifier's, a captioner's), atomically. */
    @FunctionalInterface
    public interface BundleWriter {
        /**
         * @param dir the bundle folder to write or replace
         * @param extras files a checkpoint adds beside the model (optimizer and loop state)
         */
        void write(Path dir, int epoch, Map<String, Double> metrics, ModelBundle.ExtraFile... extras);
    }

    private final Path runDir;
    private final BundleWriter writer;
    private final List<TrainingListener> stateOwners;
    private final boolean monitorMeasured;

    /**
     * @param monitorMeasured false when the run has no data for the monitored metric (a val_ metric
     *     without a validation split): then every epoch replaces best/
     * @param writer writes the task's bundle for an epoch and its metrics
     * @param stateOwners listeners whose {@link Stateful} state goes into {@code last/}
     */
    public Checkpointer(Path runDir, Monitor monitor, boolean monitorMeasured,
            BundleWriter writer, List<TrainingListener> stateOwners) {
        super(monitor, 0);
        this.monitorMeasured = monitorMeasured;
        this.runDir = runDir;
        this.writer = writer;
        this.stateOwners = List.copyOf(stateOwners);
    }

    public Path bestDir() {
        return runDir.resolve("best");
    }

    public Path lastDir() {
        return runDir.resolve("last");
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        Map<String, Double> metrics = metricsOf(record);
        // A run that cannot measure its monitor (no validation split) keeps its last epoch as the best;
        // a measured NaN is the worst value there is and never replaces a best/.
        boolean improved = plateau.update(record) || !monitorMeasured;
        Map<String, Map<String, Object>> states = new LinkedHashMap<>();
        for (TrainingListener l : stateOwners) {
            if (l instanceof Stateful s) {
                states.put(s.stateKey(), s.saveState());
            }
        }
        states.put(stateKey(), saveState());
        TrainingState state = new TrainingState(record.epoch(), ctx.learningRate(), states);
        writer.write(lastDir(), record.epoch(), metrics, Checkpoint.files(ctx.optimizer(), state));
        if (improved) {
            writer.write(bestDir(), record.epoch(), metrics);
        }
    }

    static Map<String, Double> metricsOf(EpochRecord r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", r.loss());
        m.put("accuracy", r.accuracy());
        if (!Double.isNaN(r.trainEvalAccuracy())) {
            m.put("train_eval_accuracy", r.trainEvalAccuracy());
        }
        if (!Double.isNaN(r.valLoss())) {
            m.put("val_loss", r.valLoss());
            m.put("val_accuracy", r.valAccuracy());
        }
        return m;
    }

    @Override
    public String stateKey() {
        return "checkpoint";
    }
}
