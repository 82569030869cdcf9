package dev.citra.train;

import dev.citra.CitraException;
import java.util.Locale;

/**
 * A run stopped because a loss or a parameter became NaN or infinite, as Keras's
 * {@code TerminateOnNaN} stops one: thrown at the step where it happened, before anything of that
 * epoch reaches a checkpoint. The run layer adds where the last good checkpoints are.
 */
public final class TrainingDivergedException extends CitraException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final int batches;
    private final String what;
    private final double learningRate;

    /**
     * @param batch the batch (from 1) at which it happened; 0 when found after the epoch (validation)
     * @param what what went non-finite, e.g. "the training loss became NaN"
     * @param learningRate the rate the step ran at
     */
    public TrainingDivergedException(int epoch, int batch, int batches, String what, double learningRate) {
        super(describe(epoch, batch, batches, what));
        this.epoch = epoch;
        this.batch = batch;
        this.batches = batches;
        this.what = what;
        this.learningRate = learningRate;
    }

    private TrainingDivergedException(TrainingDivergedException cause, String message) {
        super(message, cause);
        this.epoch = cause.epoch;
        this.batch = cause.batch;
        this.batches = cause.batches;
        this.what = cause.what;
        this.learningRate = cause.learningRate;
    }

    /** The same event with {@code advice} (the checkpoints that are left, how to resume) appended. */
    public TrainingDivergedException withAdvice(String advice) {
        return new TrainingDivergedException(this, describe(epoch, batch, batches, what) + advice);
    }

    private static String describe(int epoch, int batch, int batches, String what) {
        String where = batch > 0 ? String.format(Locale.ROOT, "epoch %d, batch %d of %d", epoch, batch, batches)
                : String.format(Locale.ROOT, "the end of epoch %d", epoch);
        return "Training stopped at " + where + ": " + what + ".";
    }

    public int epoch() {
        return epoch;
    }

    /** The batch (from 1), or 0 when the problem was found after the epoch's training steps. */
    public int batch() {
        return batch;
    }

    public String what() {
        return what;
    }

    /** The learning rate of the step that diverged. */
    public double learningRate() {
        return learningRate;
    }
}
