package dev.citra.eval;

import dev.citra.data.SkippedFile;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a report shows: what was evaluated, its metrics, the files that could not be
 * read, and (for a training run) the history and config.
 *
 * @param title what was evaluated, e.g. {@code classify/exp on the test split}
 * @param metrics the figures
 * @param images number of images evaluated
 * @param skippedFiles files left out (unreadable, corrupt); null means none
 * @param history epochs of the run; empty for a plain evaluation
 * @param config the training config as a map, or null
 * @param created ISO-8601 time
 * @param calibration the reliability bins and ECE, or null when there are no probabilities
 */
public record EvaluationReport(
        String title,
        ClassificationMetrics metrics,
        int images,
        List<SkippedFile> skippedFiles,
        List<EpochRecord> history,
        Map<String, Object> config,
        String created,
        Calibration calibration) {
    public EvaluationReport {
        skippedFiles = skippedFiles == null ? List.of() : List.copyOf(skippedFiles);
        history = history == null ? List.of() : List.copyOf(history);
        // Config values may be null (an unset option), which Map.copyOf rejects; keep the order too.
        config = config == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** A report without calibration figures. */
    public EvaluationReport(String title, ClassificationMetrics metrics, int images, List<SkippedFile> skippedFiles,
            List<EpochRecord> history, Map<String, Object> config, String created) {
        this(title, metrics, images, skippedFiles, history, config, created, null);
    }
}
