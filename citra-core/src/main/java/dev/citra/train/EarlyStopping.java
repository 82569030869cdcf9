package dev.citra.train;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops training when the monitored metric stops improving, compared with the best epoch so
 * far (not the previous one), and restores the best weights at the end if asked to.
 */
public final class EarlyStopping implements TrainingListener, Stateful {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    private final Monitor monitor;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBest;
    private final Supplier<Map<String, float[]>> bestOnDisk;
    private double best = Double.NaN;
    private int bestEpoch;
    private int wait;
    private Map<String, float[]> bestWeights;

    /**
     * @param bestOnDisk where to read the best weights from when this process did not see the
     *     best epoch itself (a resumed run); may return null
     */
    public EarlyStopping(EarlyStoppingConfig config, Supplier<Map<String, float[]>> bestOnDisk) {
        this.monitor = Monitor.of(config.monitor(), config.mode());
        this.patience = config.patience();
        this.minDelta = Math.abs(config.minDelta());
        this.restoreBest = config.restoreBest();
        this.bestOnDisk = bestOnDisk;
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        double value = monitor.valueOf(record);
        if (monitor.improves(value, best, minDelta)) {
            best = value;
            bestEpoch = record.epoch();
            wait = 0;
            if (restoreBest) {
                bestWeights = ctx.network().snapshot();
            }
            return;
        }
        wait++;
        if (patience > 0 && wait >= patience) {
            ctx.requestStop(String.format(java.util.Locale.ROOT,
                    "early stopping: %s has not improved for %d epochs (best %.4f at epoch %d)",
                    monitor.metric(), wait, best, bestEpoch));
        }
    }

    @Override
    public void onTrainEnd(TrainingContext ctx) {
        if (!restoreBest || bestEpoch == 0 || bestEpoch == ctx.epoch()) {
            return;
        }
        Map<String, float[]> weights = bestWeights != null ? bestWeights : bestOnDisk.get();
        if (weights != null) {
            ctx.network().restore(weights);
            LOG.info("Restored the weights of epoch {} ({} = {})", bestEpoch, monitor.metric(), best);
        }
    }

    /** The epoch with the best monitored value, 0 if none yet. */
    public int bestEpoch() {
        return bestEpoch;
    }

    @Override
    public String stateKey() {
        return "early_stopping";
    }

    @Override
    public Map<String, Object> saveState() {
        Map<String, Object> m = new HashMap<>();
        m.put("best", Double.isNaN(best) ? null : best);
        m.put("best_epoch", bestEpoch);
        m.put("wait", wait);
        return m;
    }

    @Override
    public void restoreState(Map<String, Object> state) {
        Object b = state.get("best");
        best = b == null ? Double.NaN : ((Number) b).doubleValue();
        bestEpoch = ((Number) state.getOrDefault("best_epoch", 0)).intValue();
        wait = ((Number) state.getOrDefault("wait", 0)).intValue();
    }
}
