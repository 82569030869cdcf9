package dev.citra.train;

import dev.citra.eval.EpochRecord;
import dev.citra.model.Network;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The two stages of fastai's {@code fine_tune}, as two {@code fit} calls: the head trains on a
 * frozen backbone for {@code epochs}; then the backbone is unfrozen (wholly, or its last
 * {@code fine_tune_blocks} blocks) and everything trains for {@code fine_tune_epochs} at
 * {@code fine_tune_lr} (a tenth of the first rate by default). When early stopping ends the first
 * stage sooner, the second starts right away. Early stopping and LR reduction judge each stage on
 * its own, as a second Keras {@code fit} with new callbacks would; the best checkpoint is the best
 * over both stages. As a listener it only carries the stage into each checkpoint, so that a
 * resumed run knows which {@code fit} it was in.
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

    /**
     * Ends the first stage where its {@code fit} stopped: unfreezes the backbone, resets the
     * per-stage listeners and returns where the second {@code fit} starts (the epoch reached, the
     * fine-tuning rate; the listeners keep their state in memory).
     */
    public TrainingState startSecondStage(TrainingContext first) {
        List<EpochRecord> history = first.history();
        unfrozenAfter = history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
        String early = first.stopReason() == null ? "" : " (" + first.stopReason() + ")";
        int blocks = unfreeze(network, config);
        perStage.forEach(PlateauListener::reset);
        announce.accept(String.format(java.util.Locale.ROOT,
                "Head trained for %d epochs%s; fine-tuning %s for %d epochs at learning rate %.3g", unfrozenAfter,
                early, blocks == 0 ? "the whole network" : "all but the first " + blocks + " backbone blocks",
                config.transfer().fineTuneEpochs(), config.fineTuneLrOrDefault()));
        return new TrainingState(unfrozenAfter, config.fineTuneLrOrDefault(), Map.of());
    }

    /** The last epoch of the second stage, for a run whose first stage ended after {@code unfrozenAfter}. */
    public int secondStageEnd(int unfrozenAfter) {
        return unfrozenAfter + config.transfer().fineTuneEpochs();
    }

    /** Unfreezes the network for the second stage; returns the number of blocks still frozen. */
    public static int unfreeze(Network network, TrainConfig config) {
        network.unfreeze();
        return config.transfer().fineTuneBlocks() == null ? 0 : network.freeze(config.transfer().fineTuneBlocks());
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
