package dev.citra.sweep;

import java.util.Map;

/**
 * One finished trial of a sweep, as its {@code trial.json} keeps it.
 *
 * @param name the trial's folder name
 * @param stage the stage (1-based) that first ran it
 * @param overrides the config keys the trial set (swept values and the best of earlier stages)
 * @param metrics the run's figures (val_accuracy, val_loss, test_accuracy, best_epoch, ...)
 * @param seconds training time, summed over its epochs
 * @param epochs epochs trained
 * @param runDir the run folder, relative to the sweep's folder
 * @param failure why training failed (it diverged), or null; a failed trial has no metrics and ranks last
 */
public record TrialResult(String name, int stage, Map<String, Object> overrides, Map<String, Double> metrics,
        double seconds, int epochs, String runDir, String failure) {
    /** The value of {@code metric}, or NaN when the run did not report it. */
    public double metric(String metric) {
        Double v = metrics.get(metric);
        return v == null ? Double.NaN : v;
    }

    /** The same run seen from a later stage, which writes its config with other keys. */
    TrialResult withOverrides(Map<String, Object> other) {
        return new TrialResult(name, stage, other, metrics, seconds, epochs, runDir, failure);
    }
}
