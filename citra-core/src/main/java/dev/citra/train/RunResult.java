package dev.citra.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a finished run reports back.
 *
 * @param runDir the run directory
 * @param bestBundle the bundle to predict with
 * @param metrics headline figures (accuracy on the evaluated split, macro F1, best epoch, ...)
 * @param evaluatedSplit {@code test} or {@code val}: where the report's figures come from
 * @param stopReason why training ended early, or null
 * @param history every epoch of the run
 */
public record RunResult(Path runDir, Path bestBundle, Map<String, Double> metrics, String evaluatedSplit,
        String stopReason, List<EpochRecord> history) {}
