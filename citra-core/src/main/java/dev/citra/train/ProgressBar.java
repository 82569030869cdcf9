package dev.citra.train;

import dev.citra.eval.EpochRecord;
import dev.citra.util.Progress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A console progress bar per epoch with ETA and running metrics, Keras-style. On a terminal
 * it redraws one line; otherwise (logs, CI) it prints only the epoch summary.
 */
public final class ProgressBar implements TrainingListener {
    private final PrintStream out;
    private final boolean interactive;
    private long epochStart;
    private long lastDraw;

    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public void onBatchEnd(TrainingContext ctx, int batch, int batches, double loss, double accuracy) {
        long now = System.nanoTime();
        if (batch == 1) {
            epochStart = now;
        }
        if (!interactive || (now - lastDraw < 100_000_000L && batch < batches)) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        double eta = batch == 0 ? 0 : elapsed / batch * (batches - batch);
        String bar = Progress.bar(batch, batches, Progress.BAR_WIDTH);
        out.printf(Locale.ROOT, "\rEpoch %d/%d [%s] %d/%d ETA %s - loss %.4f - accuracy %.4f  ",
                ctx.epoch(), ctx.totalEpochs(), bar, batch, batches, Progress.clock(eta), loss, accuracy);
        out.flush();
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord r) {
        String val = Double.isNaN(r.valLoss()) ? ""
                : String.format(Locale.ROOT, " - val_loss %.4f - val_accuracy %.4f", r.valLoss(), r.valAccuracy());
        String trainEval = Double.isNaN(r.trainEvalAccuracy()) ? ""
                : String.format(Locale.ROOT, " - train_eval_accuracy %.4f", r.trainEvalAccuracy());
        out.printf(Locale.ROOT, "%sEpoch %d/%d - %s - loss %.4f - accuracy %.4f%s%s - lr %.2g%n",
                interactive ? "\r" + " ".repeat(100) + "\r" : "", r.epoch(), ctx.totalEpochs(), Progress.clock(r.seconds()),
                r.loss(), r.accuracy(), val, trainEval, r.lr());
        out.flush();
    }
}
