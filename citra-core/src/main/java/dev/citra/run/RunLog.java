package dev.citra.run;

import dev.citra.eval.EpochRecord;
import dev.citra.train.TrainingContext;
import dev.citra.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code log.txt}: what happened in a run, one timestamped line per event, echoed to the
 * console. Append-only, flushed per line, so a killed run keeps its log up to the kill.
 */
public final class RunLog implements TrainingListener {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final Path file;
    private final PrintStream console;
    /**
     * How far inference-mode accuracy on training images may fall below the training-mode accuracy
     * before the log warns: augmentation and dropout make training mode the harder one, so a large
     * gap the other way is a mismatch, not over-fitting.
     */
    private static final double MODE_GAP = 0.15;
    private boolean warnedModes;

    public RunLog(Path file, PrintStream console) {
        this.file = file;
        this.console = console;
    }

    /** Logs a line to the file and the console. */
    public void info(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        if (console != null) {
            console.println(text);
        }
        fileOnly(text);
    }

    /** Logs a line to the file only (the console shows it another way, e.g. the progress bar). */
    public void fileOnly(String text) {
        try {
            Files.writeString(file, LocalDateTime.now().format(TIME) + "  " + text + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    @Override
    public void onEpochEnd(TrainingContext ctx, EpochRecord r) {
        fileOnly(String.format(Locale.ROOT, "epoch %d/%d loss=%.4f accuracy=%.4f val_loss=%.4f val_accuracy=%.4f"
                + " train_eval_accuracy=%.4f lr=%.3g %.1fs", r.epoch(), ctx.totalEpochs(), r.loss(), r.accuracy(),
                r.valLoss(), r.valAccuracy(), r.trainEvalAccuracy(), r.lr(), r.seconds()));
        if (!warnedModes && r.accuracy() - r.trainEvalAccuracy() > MODE_GAP) {
            warnedModes = true;
            info("Warning: in inference mode the network scores %.4f on training images, against %.4f in training"
                    + " mode: its BatchNorm moving statistics do not fit its weights (a fine-tuned pretrained backbone"
                    + " wants --bn-train false)", r.trainEvalAccuracy(), r.accuracy());
        }
        if (ctx.learningRate() != r.lr()) {
            info("Learning rate reduced to %.3g after epoch %d", ctx.learningRate(), r.epoch());
        }
        if (ctx.stopReason() != null) {
            info("Stopping after epoch %d: %s", r.epoch(), ctx.stopReason());
        }
    }
}
