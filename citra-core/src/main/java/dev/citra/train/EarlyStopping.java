package dev.citra.train;

import dev.citra.eval.EpochRecord;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops training when the monitored metric stops improving, compared with the best epoch so
 * far (not the previous one), and restores the best weights at the end if asked to (those
 * of the best epoch this process saw; a resumed run reloads its {@code best/} checkpoint instead).
 */
public final class EarlyStopping extends PlateauListener {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    private final int patience;
    private final boolean restoreBest;
    private Map<String, float[]> bestWeights;

    public EarlyStopping(EarlyStoppingConfig config) {
        super(Monitor.of(config.monitor(), config.mode()), config.minDelta());
        this.patience = config.patience();
        this.restoreBest = config.restoreBest();
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        if (plateau.update(record)) {
            if (restoreBest) {
                bestWeights = ctx.model().snapshot();
            }
        } else if (patience > 0 && plateau.epochsWithoutImprovement() >= patience) {
            ctx.requestStop(String.format(Locale.ROOT,
                    "early stopping: %s has not improved for %d epochs (best %.4f at epoch %d)",
                    plateau.monitor().metric(), plateau.epochsWithoutImprovement(), plateau.best(), plateau.bestEpoch()));
        }
    }

    @Override
    public void onTrainEnd(TrainingContext ctx) {
        int best = plateau.bestEpoch();
        if (!restoreBest || best == 0 || best == ctx.epoch()) {
            return;
        }
        if (bestWeights != null) {
            ctx.model().restore(bestWeights);
            LOG.info("Restored the weights of epoch {} ({} = {})", best, plateau.monitor().metric(), plateau.best());
        }
    }

    /** The epoch with the best monitored value, 0 if none yet. */
    public int bestEpoch() {
        return plateau.bestEpoch();
    }

    @Override
    public String stateKey() {
        return "early_stopping";
    }
}
