package dev.citra.train;

import dev.citra.eval.EpochRecord;
import dev.citra.model.Network;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The two-stage schedule of fastai's {@code fine_tune}: the head trains on a frozen backbone for
 * {@code epochs}, then the backbone is unfrozen (wholly, or its last {@code fine_tune_blocks}
 * blocks) and everything trains for {@code fine_tune_epochs} at {@code fine_tune_lr} (a tenth of
 * the first rate by default). When early stopping ends the first stage sooner, the second starts
 * right away. Early stopping and LR reduction judge each stage on its own, as a second Keras
 * {@code fit} with new callbacks would; the best checkpoint is the best over both stages.
 */
public final class FineTuneSchedule implements TrainingListener, Stateful {
    private static final String KEY = "fine_tune";
    private static final String UNFROZEN_AFTER = "unfrozen_after";

    private final TrainConfig config;
    private final Network network;
    private final List<PlateauListener> perStage;
    private final Consumer<String> announce;
    private int unfrozenAfter;

    /**
     * @param network the classifier whose backbone the second stage unfreezes
     * @param perStage the listeners that start afresh in the second stage (early stopping, LR
     *     reduction)
     * @param announce where the change of stage is told (the run log)
     */
    public FineTuneSchedule(TrainConfig config, Network network, List<PlateauListener> perStage, Consumer<String> announce) {
        this.config = config;
        this.network = network;
        this.perStage = List.copyOf(perStage);
        this.announce = announce;
    }

    /** The epoch after which the backbone was unfrozen; 0 while the head trains alone. */
    int unfrozenAfter() {
        return unfrozenAfter;
    }

    @Override
    public void onTrainBegin(TrainingContext ctx) {
        if (unfrozenAfter > 0) {
            // Resumed in the second stage: the job unfroze the network already (before loading
            // the optimizer state); only the end of training needs setting.
            ctx.setTotalEpochs(unfrozenAfter + config.fineTuneEpochs());
        }
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
        if (unfrozenAfter > 0 || (record.epoch() < config.epochs() && ctx.stopReason() == null)) {
            return;
        }
        unfrozenAfter = record.epoch();
        String early = ctx.stopReason() == null ? "" : " (" + ctx.stopReason() + ")";
        int blocks = unfreeze(network, config);
        ctx.clearStop();
        ctx.setTotalEpochs(unfrozenAfter + config.fineTuneEpochs());
        ctx.setLearningRate(config.fineTuneLrOrDefault());
        perStage.forEach(PlateauListener::reset);
        announce.accept(String.format(java.util.Locale.ROOT,
                "Head trained for %d epochs%s; fine-tuning %s for %d epochs at learning rate %.3g", record.epoch(),
                early, blocks == 0 ? "the whole network" : "all but the first " + blocks + " backbone blocks",
                config.fineTuneEpochs(), config.fineTuneLrOrDefault()));
    }

    /** Unfreezes the network for the second stage; returns the number of blocks still frozen. */
    public static int unfreeze(Network network, TrainConfig config) {
        network.unfreeze();
        return config.fineTuneBlocks() == null ? 0 : network.freeze(config.fineTuneBlocks());
    }

    /**
     * The epoch after which a checkpointed run had unfrozen its backbone (0: still in the first
     * stage), read from the state this listener saved into it.
     */
    public static int unfrozenAfter(TrainingState checkpoint) {
        Map<String, Object> saved = checkpoint.listeners().get(KEY);
        return saved == null ? 0 : ((Number) saved.getOrDefault(UNFROZEN_AFTER, 0)).intValue();
    }

    @Override
    public String stateKey() {
        return KEY;
    }

    @Override
    public Map<String, Object> saveState() {
        Map<String, Object> m = new HashMap<>();
        m.put(UNFROZEN_AFTER, unfrozenAfter);
        return m;
    }

    @Override
    public void restoreState(Map<String, Object> state) {
        unfrozenAfter = ((Number) state.getOrDefault(UNFROZEN_AFTER, 0)).intValue();
    }
}
