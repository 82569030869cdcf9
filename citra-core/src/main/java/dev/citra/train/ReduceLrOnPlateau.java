package dev.citra.train;

import dev.citra.eval.EpochRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Multiplies the learning rate by a factor when the monitored metric reaches a plateau. */
public final class ReduceLrOnPlateau extends PlateauListener {
    private static final Logger LOG = LoggerFactory.getLogger(ReduceLrOnPlateau.class);

    private final int patience;
    private final double factor;
    private final double minLr;

    public ReduceLrOnPlateau(ReduceLrConfig config) {
        super(Monitor.of(config.monitor(), config.mode()), config.minDelta());
        this.patience = config.patience();
        this.factor = config.factor();
        this.minLr = config.minLr();
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        if (plateau.update(record)) {
            return;
        }
        if (patience > 0 && plateau.epochsWithoutImprovement() >= patience && ctx.learningRate() > minLr) {
            double lr = Math.max(minLr, ctx.learningRate() * factor);
            LOG.info("Epoch {}: {} has not improved for {} epochs, learning rate {} -> {}",
                    record.epoch(), plateau.monitor().metric(), plateau.epochsWithoutImprovement(), ctx.learningRate(), lr);
            ctx.setLearningRate(lr);
            plateau.resetWait();
        }
    }

    @Override
    public String stateKey() {
        return "reduce_lr";
    }
}
