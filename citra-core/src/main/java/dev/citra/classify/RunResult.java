package dev.citra.classify;

import dev.citra.eval.ClassificationMetrics;
import dev.citra.eval.EpochRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a finished run reports back.
 *
 * @param runDir the run directory
 * @param bestBundle the bundle the run ended with, to predict with: best/, or last/ when the config's
 *     {@code early_stopping.restore_best} is false
 * @param metrics headline figures (accuracy on the evaluated split, macro F1, best epoch, the epoch of
 *     {@code bestBundle} as {@code reported_epoch}, ...)
 * @param evaluatedSplit {@code test} or {@code val}: where the report's figures come from
 * @param stopReason why training ended early, or null
 * @param history every epoch of the run
 * @param evaluation {@code bestBundle}'s figures on the evaluated split; null when there was none
 * @param trainableParameters the parameter values that trained from the first epoch (fewer than
 *     all with a frozen backbone)
 */
public record RunResult(Path runDir, Path bestBundle, Map<String, Double> metrics, String evaluatedSplit,
        String stopReason, List<EpochRecord> history, ClassificationMetrics evaluation,
        long trainableParameters) {}
