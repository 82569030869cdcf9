package dev.citra.eval;

import dev.citra.util.AtomicFiles;
import dev.citra.util.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link ModelComparison} as {@code comparison.md} (the table to paste in a paper),
 * {@code comparison.html} (with the overlaid validation curves), {@code comparison.json} and
 * {@code validation_curves.png}.
 */
public final class ComparisonWriter {
    private ComparisonWriter() {}

    /** Writes all four files into {@code dir}. */
    public static void writeAll(ModelComparison c, Path dir) {
        byte[] curves = Charts.validationCurvesPng(histories(c));
        AtomicFiles.write(dir.resolve("validation_curves.png"), curves);
        AtomicFiles.writeString(dir.resolve("comparison.md"), toMarkdown(c));
        AtomicFiles.writeString(dir.resolve("comparison.html"), toHtml(c, curves));
        AtomicFiles.writeString(dir.resolve("comparison.json"), toJson(c));
    }

    private static Map<String, List<EpochRecord>> histories(ModelComparison c) {
        Map<String, List<EpochRecord>> m = new LinkedHashMap<>();
        c.entries().forEach(e -> m.put(e.model(), e.history()));
        return m;
    }

    /** The headline table, then F1 per class. */
    static String toMarkdown(ModelComparison c) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(c.title()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Data `%s`, seed %d, figures on the %s split%s.%n%n", c.data(), c.seed(),
                c.evaluatedSplit(), c.sameSplit() ? " (the same images for every model)"
                        : " (WARNING: the runs' splits differ, the table is not a fair comparison)"));
        md.append("| model | accuracy | precision (macro) | recall (macro) | F1 (macro) | F1 (weighted) | parameters |"
                + " trainable | training time | best epoch | latency (batch 1) | throughput |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ModelComparison.Entry e : c.entries()) {
            ClassificationMetrics m = e.metrics();
            md.append(String.format(Locale.ROOT,
                    "| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %,d | %,d | %.1f s | %d | %.1f ms | %.0f img/s (batch %d) |%n",
                    e.model(), m.accuracy(), m.macroAvg().precision(), m.macroAvg().recall(), m.macroAvg().f1(),
                    m.weightedAvg().f1(), e.parameters(), e.trainableParameters(), e.trainSeconds(), e.bestEpoch(),
                    e.batch1Millis(), e.imagesPerSecond(), e.throughputBatch()));
        }
        List<String> labels = c.entries().isEmpty() ? List.of() : c.entries().get(0).metrics().labels();
        md.append("\n## Per class (precision / recall / F1)\n\n| class |");
        c.entries().forEach(e -> md.append(' ').append(e.model()).append(" |"));
        md.append("\n|---|");
        c.entries().forEach(e -> md.append("---:|"));
        md.append('\n');
        for (int k = 0; k < labels.size(); k++) {
            md.append("| ").append(labels.get(k)).append(" |");
            for (ModelComparison.Entry e : c.entries()) {
                ClassMetrics cm = e.metrics().perClass().get(k);
                md.append(String.format(Locale.ROOT, " %.3f / %.3f / %.3f |", cm.precision(), cm.recall(), cm.f1()));
            }
            md.append('\n');
        }
        md.append("\nRuns: ");
        c.entries().forEach(e -> md.append('`').append(e.runDir()).append("` "));
        md.append("\n\nValidation curves: `validation_curves.png`.\n");
        return md.toString();
    }

    static String toHtml(ModelComparison c, byte[] curvesPng) {
        StringBuilder h = new StringBuilder();
        ReportWriter.pageStart(h, c.title());
        h.append("<h1>").append(ReportWriter.esc(c.title())).append("</h1>\n<p>Data <code>")
                .append(ReportWriter.esc(c.data())).append("</code>, seed ").append(c.seed()).append(", figures on the ")
                .append(c.evaluatedSplit()).append(" split")
                .append(c.sameSplit() ? " (the same images for every model)."
                        : " &mdash; <b>the runs' splits differ: this is not a fair comparison</b>.")
                .append("</p>\n<table><tr><th>model</th><th>accuracy</th><th>precision</th><th>recall</th><th>F1</th>"
                        + "<th>weighted F1</th><th>parameters</th><th>trainable</th><th>training s</th>"
                        + "<th>best epoch</th><th>latency ms (batch 1)</th><th>images/s</th></tr>\n");
        for (ModelComparison.Entry e : c.entries()) {
            ClassificationMetrics m = e.metrics();
            h.append("<tr><td>").append(ReportWriter.esc(e.model())).append("</td>");
            for (double v : new double[] {m.accuracy(), m.macroAvg().precision(), m.macroAvg().recall(),
                m.macroAvg().f1(), m.weightedAvg().f1()}) {
                h.append("<td>").append(ReportWriter.fmt(v)).append("</td>");
            }
            h.append(String.format(Locale.ROOT, "<td>%,d</td><td>%,d</td><td>%.1f</td><td>%d</td><td>%.1f</td><td>%.0f</td></tr>%n",
                    e.parameters(), e.trainableParameters(), e.trainSeconds(), e.bestEpoch(), e.batch1Millis(),
                    e.imagesPerSecond()));
        }
        h.append("</table>\n<h2>Validation curves</h2>\n");
        ReportWriter.image(h, curvesPng, "validation loss and accuracy of each model");
        h.append("<h2>F1 per class</h2>\n<table><tr><th>class</th>");
        c.entries().forEach(e -> h.append("<th>").append(ReportWriter.esc(e.model())).append("</th>"));
        h.append("</tr>\n");
        List<String> labels = c.entries().isEmpty() ? List.of() : c.entries().get(0).metrics().labels();
        for (int k = 0; k < labels.size(); k++) {
            h.append("<tr><td>").append(ReportWriter.esc(labels.get(k))).append("</td>");
            for (ModelComparison.Entry e : c.entries()) {
                h.append("<td>").append(ReportWriter.fmt(e.metrics().perClass().get(k).f1())).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n</body></html>\n");
        return h.toString();
    }

    static String toJson(ModelComparison c) {
        return Json.write(ReportJson.Comparison.of(c)) + "\n";
    }
}
