package dev.citra.train;

import dev.citra.eval.EpochRecord;
import java.util.HashMap;
import java.util.Map;

/**
 * Tracks the best value of a monitored metric and how many epochs have passed without beating
 * it: what early stopping, LR reduction and best-checkpointing all need, with its state for
 * {@code --resume}.
 */
final class Plateau {
    private final Monitor monitor;
    private final double minDelta;
    private double best = Double.NaN;
    private int bestEpoch;
    private int wait;

    Plateau(Monitor monitor, double minDelta) {
        this.monitor = monitor;
        this.minDelta = Math.abs(minDelta);
    }

    /** Records an epoch; true when it is a new best. */
    boolean update(EpochRecord record) {
        double value = monitor.valueOf(record);
        if (monitor.improves(value, best, minDelta)) {
            best = value;
            bestEpoch = record.epoch();
            wait = 0;
            return true;
        }
        wait++;
        return false;
    }

    /** Forgets everything, as a new Keras {@code fit} with new callbacks would. */
    void reset() {
        best = Double.NaN;
        bestEpoch = 0;
        wait = 0;
    }

    /** Starts counting the patience again (after the learning rate was reduced). */
    void resetWait() {
        wait = 0;
    }

    Monitor monitor() {
        return monitor;
    }

    double best() {
        return best;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    int epochsWithoutImprovement() {
        return wait;
    }

    Map<String, Object> save() {
        Map<String, Object> m = new HashMap<>();
        m.put("best", Double.isNaN(best) ? null : best);
        m.put("best_epoch", bestEpoch);
        m.put("wait", wait);
        return m;
    }

    void restore(Map<String, Object> state) {
        Object b = state.get("best");
        best = b == null ? Double.NaN : ((Number) b).doubleValue();
        bestEpoch = ((Number) state.getOrDefault("best_epoch", 0)).intValue();
        wait = ((Number) state.getOrDefault("wait", 0)).intValue();
    }
}
