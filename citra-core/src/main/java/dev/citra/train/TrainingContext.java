package dev.citra.train;

import dev.citra.eval.EpochRecord;
import dev.citra.model.TrainableModel;
import dev.citra.train.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;

/** The training loop's mutable state as listeners see it: epoch, learning rate, history, stop. */
public final class TrainingContext {
    private final TrainableModel model;
    private final Optimizer optimizer;
    private final List<EpochRecord> history;
    private final int firstEpoch;
    private int epoch;
    private double learningRate;
    private String stopReason;
    private final int totalEpochs;
    private LrSchedule schedule;

    /**
     * @param totalEpochs the epoch this fit ends with, unless a listener stops it sooner
     * @param completedEpochs epochs already done (resuming), 0 for a new run
     */
    public TrainingContext(TrainableModel model, Optimizer optimizer, int totalEpochs, List<EpochRecord> history,
            int completedEpochs, double learningRate) {
        this.model = model;
        this.optimizer = optimizer;
        this.history = new ArrayList<>(history);
        this.firstEpoch = completedEpochs + 1;
        this.epoch = completedEpochs;
        this.learningRate = learningRate;
        this.totalEpochs = totalEpochs;
    }

    /** The model being trained. */
    public TrainableModel model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The current (1-based) epoch; after an epoch ends, the last completed one. */
    public int epoch() {
        return epoch;
    }

    /** The first epoch this process trains (greater than 1 when resumed). */
    public int firstEpoch() {
        return firstEpoch;
    }

    /** The epoch this fit ends with. */
    public int totalEpochs() {
        return totalEpochs;
    }

    public double learningRate() {
        return learningRate;
    }

    public void setLearningRate(double lr) {
        this.learningRate = lr;
    }

    /** The schedule that sets the rate of every step, or null: the rate changes only when a listener sets it. */
    public LrSchedule schedule() {
        return schedule;
    }

    public void setSchedule(LrSchedule schedule) {
        this.schedule = schedule;
    }

    /** All epochs so far, including those of the run being resumed. */
    public List<EpochRecord> history() {
        return List.copyOf(history);
    }

    /** Asks the loop to stop after this epoch. */
    public void requestStop(String reason) {
        this.stopReason = reason;
    }

    /** Why training stopped early, or null. */
    public String stopReason() {
        return stopReason;
    }

    void beginEpoch(int e) {
        this.epoch = e;
    }

    void addRecord(EpochRecord r) {
        history.add(r);
    }
}
