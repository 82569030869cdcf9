package dev.citra.eval;

import dev.citra.data.SkippedFile;
import dev.citra.util.AtomicFiles;
import dev.citra.util.Json;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** Writes an {@link EvaluationReport} as JSON (for machines), HTML (for people) and CSV. */
public final class ReportWriter {
    private ReportWriter() {}

    /** {@code report.json}: snake_case keys, NaN written as null. */
    public static void writeJson(EvaluationReport report, Path file) {
        AtomicFiles.writeString(file, toJson(report));
    }

    static String toJson(EvaluationReport r) {
        return Json.write(ReportJson.Report.of(r));
    }

    /** {@code metrics.csv}: one row per class, then the two averages. */
    public static void writeCsv(ClassificationMetrics m, Path file) {
        StringBuilder sb = new StringBuilder("class,precision,recall,f1,support\n");
        for (ClassMetrics c : m.perClass()) {
            csvRow(sb, c);
        }
        csvRow(sb, m.macroAvg());
        csvRow(sb, m.weightedAvg());
        AtomicFiles.writeString(file, sb.toString());
    }

    private static void csvRow(StringBuilder sb, ClassMetrics c) {
        String label = c.label().contains(",") || c.label().contains("\"")
                ? "\"" + c.label().replace("\"", "\"\"") + "\"" : c.label();
        sb.append(label).append(String.format(Locale.ROOT, ",%.6f,%.6f,%.6f,%d%n", c.precision(), c.recall(), c.f1(),
                c.support()));
    }

    /** {@code report.html}: one page, no external assets (images are embedded). */
    public static void writeHtml(EvaluationReport report, Path file) {
        AtomicFiles.writeString(file, toHtml(report));
    }

    static String toHtml(EvaluationReport r) {
        ClassificationMetrics m = r.metrics();
        StringBuilder h = new StringBuilder();
        pageStart(h, r.title());
        h.append("<h1>").append(esc(r.title())).append("</h1>\n<p>").append(esc(r.created())).append(" &middot; ")
                .append(r.images()).append(" images evaluated");
        if (!r.skippedFiles().isEmpty()) {
            int skipped = r.skippedFiles().size();
            h.append(", ").append(skipped).append(skipped == 1 ? " file skipped" : " files skipped");
        }
        h.append("</p>\n<div class=\"cards\">");
        card(h, "accuracy", m.accuracy());
        card(h, "top-" + m.topK() + " accuracy", m.topKAccuracy());
        card(h, "macro F1", m.macroAvg().f1());
        card(h, "weighted F1", m.weightedAvg().f1());
        h.append("</div>\n<h2>Per class</h2>\n<table><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th><th>support</th></tr>\n");
        for (ClassMetrics c : m.perClass()) {
            metricRow(h, c, false);
        }
        metricRow(h, m.macroAvg(), true);
        metricRow(h, m.weightedAvg(), true);
        h.append("</table>\n<h2>Confusion matrix</h2>\n");
        image(h, Charts.confusionMatrixPng(m.confusionMatrix()), "confusion matrix");
        if (r.calibration() != null) {
            h.append("<h2>Calibration</h2>\n<p>Expected calibration error ").append(fmt(r.calibration().ece()))
                    .append(", largest bin gap ").append(fmt(r.calibration().mce()))
                    .append(": bars above the diagonal are under-confident bins, below it over-confident ones.</p>\n");
            image(h, Charts.calibrationPng(r.calibration()), "reliability diagram");
        }
        if (!r.history().isEmpty()) {
            h.append("<h2>Training curves</h2>\n");
            image(h, Charts.curvesPng(r.history()), "loss and accuracy curves");
            h.append("<table><tr><th>epoch</th><th>loss</th><th>accuracy</th><th>val_loss</th><th>val_accuracy</th><th>lr</th><th>seconds</th></tr>\n");
            for (EpochRecord e : r.history()) {
                h.append("<tr><td>").append(e.epoch()).append("</td>");
                for (double v : new double[] {e.loss(), e.accuracy(), e.valLoss(), e.valAccuracy()}) {
                    h.append("<td>").append(fmt(v)).append("</td>");
                }
                h.append("<td>").append(fmt(e.lr(), "%.3g")).append("</td><td>").append(fmt(e.seconds(), "%.1f"))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        if (!r.skippedFiles().isEmpty()) {
            h.append("<h2>Skipped files</h2>\n<table><tr><th>file</th><th>reason</th></tr>\n");
            for (SkippedFile s : r.skippedFiles()) {
                h.append("<tr><td>").append(esc(s.id())).append("</td><td style=\"text-align:left\">")
                        .append(esc(s.reason())).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        if (r.config() != null) {
            h.append("<h2>Config</h2>\n<pre>");
            for (Map.Entry<String, Object> e : r.config().entrySet()) {
                h.append(esc(e.getKey())).append(": ").append(esc(String.valueOf(e.getValue()))).append('\n');
            }
            h.append("</pre>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The start of a report page: doctype, title and the shared style, up to {@code <body>}. */
    public static void pageStart(StringBuilder h, String title) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(esc(title)).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}")
                .append("h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}")
                .append("table{border-collapse:collapse;margin:.5em 0}td,th{padding:.3em .8em;border-bottom:1px solid #eee;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}tr.avg td{font-weight:600;border-top:2px solid #ccc}")
                .append(".cards{display:flex;gap:1em;flex-wrap:wrap}.card{background:#f4f7fb;border-radius:8px;padding:.8em 1.2em}")
                .append(".card b{display:block;font-size:1.6em}img{max-width:100%}pre{background:#f6f6f6;padding:1em;overflow:auto}")
                .append("</style></head><body>\n");
    }

    private static void card(StringBuilder h, String name, double v) {
        h.append("<div class=\"card\">").append(esc(name)).append("<b>").append(fmt(v)).append("</b></div>");
    }

    private static void metricRow(StringBuilder h, ClassMetrics c, boolean average) {
        h.append(average ? "<tr class=\"avg\">" : "<tr>")
                .append("<td>").append(esc(c.label())).append("</td><td>").append(fmt(c.precision())).append("</td><td>")
                .append(fmt(c.recall())).append("</td><td>").append(fmt(c.f1())).append("</td><td>").append(c.support())
                .append("</td></tr>\n");
    }

    /** An inline PNG image (a data URL), so that the page needs no other file. */
    public static void image(StringBuilder h, byte[] png, String alt) {
        h.append("<img alt=\"").append(esc(alt)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
    }

    /** A figure with 4 decimals, or a dash when it is missing (NaN). */
    public static String fmt(double v) {
        return fmt(v, "%.4f");
    }

    static String fmt(double v, String format) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "&ndash;";
    }

    /** HTML-escapes text for element content and attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
