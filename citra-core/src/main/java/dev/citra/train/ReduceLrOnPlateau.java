package dev.citra.train;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Multiplies the learning rate by a factor when the monitored metric reaches a plateau. */
public final class ReduceLrOnPlateau implements TrainingListener, Stateful {
    private static final Logger LOG = LoggerFactory.getLogger(ReduceLrOnPlateau.class);

    private final Monitor monitor;
    private final int patience;
    private final double factor;
    private final double minLr;
    private final double minDelta;
    private double best = Double.NaN;
    private int wait;

    public ReduceLrOnPlateau(ReduceLrConfig config) {
        this.monitor = Monitor.of(config.monitor(), config.mode());
        this.patience = config.patience();
        this.factor = config.factor();
        this.minLr = config.minLr();
        this.minDelta = Math.abs(config.minDelta());
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        double value = monitor.valueOf(record);
        if (monitor.improves(value, best, minDelta)) {
            best = value;
            wait = 0;
            return;
        }
        wait++;
        if (patience > 0 && wait >= patience && ctx.learningRate() > minLr) {
            double lr = Math.max(minLr, ctx.learningRate() * factor);
            LOG.info("Epoch {}: {} has not improved for {} epochs, learning rate {} -> {}",
                    record.epoch(), monitor.metric(), wait, ctx.learningRate(), lr);
            ctx.setLearningRate(lr);
            wait = 0;
        }
    }

    @Override
    public String stateKey() {
        return "reduce_lr";
    }

    @Override
    public Map<String, Object> saveState() {
        Map<String, Object> m = new HashMap<>();
        m.put("best", Double.isNaN(best) ? null : best);
        m.put("wait", wait);
        return m;
    }

    @Override
    public void restoreState(Map<String, Object> state) {
        Object b = state.get("best");
        best = b == null ? Double.NaN : ((Number) b).doubleValue();
        wait = ((Number) state.getOrDefault("wait", 0)).intValue();
    }
}
