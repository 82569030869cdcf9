package dev.citra.cli;

import dev.citra.classify.RunResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Prints where a run's results are and how to use the model. */
final class Summary {
    private Summary() {}

    static void print(RunResult r, PrintStream out) {
        Path run = r.runDir();
        out.println();
        out.println("Run folder:   " + run);
        Map<String, Double> m = r.metrics();
        String split = r.evaluatedSplit();
        if (m.containsKey(split + "_accuracy")) {
            // The run ends with best/ unless early_stopping.restore_best is false (then last/).
            boolean last = r.bestBundle().getFileName().toString().equals("last");
            out.printf(Locale.ROOT, "%s model:   epoch %d, %s accuracy %.2f%%, macro F1 %.3f%n", last ? "Last" : "Best",
                    m.getOrDefault("reported_epoch", m.getOrDefault("best_epoch", 0.0)).intValue(), split,
                    100 * m.get(split + "_accuracy"),
                    m.get(split + "_macro_f1"));
        }
        if (r.stopReason() != null) {
            out.println("Stopped:      " + r.stopReason());
        }
        out.println("Report:       " + run.resolve("report.html"));
        out.println("Curves:       " + run.resolve("curves.png") + ", " + run.resolve("confusion_matrix.png"));
        out.println("Predict with: ./citra predict --model " + r.bestBundle() + " <image or folder>");
        out.println("Evaluate:     ./citra eval --model " + run + " --data <folder>" + (r.evaluation() == null ? ""
                : "   (or --split " + split + " --tta flip: its " + split
                        + " images again, with their mirror images)"));
    }
}
