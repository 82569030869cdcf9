package dev.citra.train;

import dev.citra.CitraException;
import dev.citra.eval.EpochRecord;
import java.util.List;

/**
 * A metric to watch and which direction is better: {@code val_loss} (lower) or
 * {@code val_accuracy} (higher), as Keras callbacks take them.
 */
public record Monitor(String metric, boolean higherIsBetter) {
    /** The metric names a monitor accepts. */
    public static final List<String> METRICS = List.of("val_loss", "val_accuracy", "loss", "accuracy");

    /** Parses a metric name and a mode ({@code min}, {@code max}, {@code auto}). */
    public static Monitor of(String metric, String mode) {
        if (!METRICS.contains(metric)) {
            throw new CitraException("Unknown monitor '" + metric + "': use one of " + METRICS + ".");
        }
        return switch (mode) {
            case "min" -> new Monitor(metric, false);
            case "max" -> new Monitor(metric, true);
            case "auto" -> new Monitor(metric, metric.endsWith("accuracy"));
            default -> throw new CitraException("Unknown mode '" + mode + "' for monitor " + metric
                    + ": use min, max or auto.");
        };
    }

    /** The monitored value of an epoch (NaN when the run has no validation split). */
    public double valueOf(EpochRecord r) {
        return switch (metric) {
            case "val_loss" -> r.valLoss();
            case "val_accuracy" -> r.valAccuracy();
            case "loss" -> r.loss();
            default -> r.accuracy();
        };
    }

    /** Whether {@code value} beats {@code best} by more than {@code minDelta}. */
    public boolean improves(double value, double best, double minDelta) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return higherIsBetter ? value > best + minDelta : value < best - minDelta;
    }
}
