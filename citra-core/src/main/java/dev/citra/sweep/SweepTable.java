package dev.citra.sweep;

import dev.citra.eval.ReportWriter;
import dev.citra.eval.XyChart;
import dev.citra.train.ConfigIO;
import dev.citra.util.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A sweep's results: {@code results.csv}, {@code results.md} and {@code results.html} (every trial,
 * best first by the sweep's metric) and one plot of the metric against each swept key
 * ({@code <metric>_vs_<key>.png}; per stage in a staged sweep).
 */
final class SweepTable {
    /** Figures shown beside the metric, when the runs have them. */
    private static final List<String> FIGURES = List.of("val_accuracy", "val_loss", "test_accuracy", "test_macro_f1",
            "best_epoch");

    private SweepTable() {}

    /**
     * Writes the table and the plots.
     *
     * @param ranked every finished trial, best first
     * @param stages the trials of each finished stage, in the order they ran
     * @param current the trials of the stage under way (empty when none)
     */
    static void write(Path dir, SweepPlan plan, List<TrialResult> ranked, List<List<TrialResult>> stages,
            List<TrialResult> current) {
        List<String> keys = plan.stages().stream().flatMap(List::stream).map(SweepParam::key).distinct().toList();
        String metric = plan.spec().metric();
        List<String> figures = FIGURES.stream().filter(f -> !f.equals(metric)).toList();
        List<String> header = new ArrayList<>(List.of("rank", "trial", "stage"));
        header.addAll(keys);
        header.add(metric);
        header.addAll(figures);
        header.addAll(List.of("epochs", "seconds", "failure", "run"));
        Map<String, Object> base = baseValues(plan);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            TrialResult r = ranked.get(i);
            List<String> row = new ArrayList<>(List.of(String.valueOf(i + 1), r.name(), String.valueOf(r.stage())));
            for (String k : keys) {
                row.add(SweepPlan.valueText(r.overrides().containsKey(k) ? r.overrides().get(k) : base.get(k)));
            }
            row.add(figure(r.metric(metric)));
            figures.forEach(f -> row.add(figure(r.metric(f))));
            row.addAll(List.of(String.valueOf(r.epochs()), String.format(Locale.ROOT, "%.1f", r.seconds()),
                    r.failure() == null ? "" : r.failure(), r.runDir()));
            rows.add(row);
        }
        AtomicFiles.writeString(dir.resolve("results.csv"), csv(header, rows));
        Map<String, byte[]> plots = plots(plan, stages, current);
        plots.forEach((name, png) -> AtomicFiles.write(dir.resolve(name), png));
        String title = "Sweep " + dir.getFileName() + ": " + plan.spec().method().name().toLowerCase(Locale.ROOT)
                + " search, ranked by " + metric + (plan.spec().lowerIsBetter() ? " (lowest first)" : " (highest first)");
        AtomicFiles.writeString(dir.resolve("results.md"), markdown(title, header, rows, plots.keySet()));
        AtomicFiles.writeString(dir.resolve("results.html"), html(title, plan, header, rows, plots));
    }

    /** The base config's value of every key, flattened to dotted keys as sweep files name them. */
    private static Map<String, Object> baseValues(SweepPlan plan) {
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = ConfigIO.yamlMapper().convertValue(plan.base(), Map.class);
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", tree, flat);
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> tree, Map<String, Object> out) {
        for (Map.Entry<?, ?> e : tree.entrySet()) {
            String key = prefix + e.getKey();
            out.put(key, e.getValue());
            if (e.getValue() instanceof Map<?, ?> m) {
                flatten(key + ".", m, out);
            }
        }
    }

    private static String figure(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String csv(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
        for (List<String> row : rows) {
            out.append(row.stream().map(SweepTable::csvField).collect(Collectors.joining(","))).append('\n');
        }
        return out.toString();
    }

    private static String csvField(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String markdown(String title, List<String> header, List<List<String>> rows, Iterable<String> plots) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n| ")
                .append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> md.append(" --- |"));
        md.append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(row.stream().map(c -> c.replace("|", "\\|")).collect(Collectors.joining(" | ")))
                    .append(" |\n");
        }
        md.append('\n');
        plots.forEach(p -> md.append("![").append(p).append("](").append(p).append(")\n"));
        return md.toString();
    }

    private static String html(String title, SweepPlan plan, List<String> header, List<List<String>> rows,
            Map<String, byte[]> plots) {
        StringBuilder h = new StringBuilder();
        ReportWriter.pageStart(h, title);
        h.append("<h1>").append(ReportWriter.esc(title)).append("</h1>\n<p>Data <code>")
                .append(ReportWriter.esc(plan.base().data().path())).append("</code>, seed ").append(plan.base().seed())
                .append(".</p>\n<table><tr>");
        header.forEach(c -> h.append("<th>").append(ReportWriter.esc(c)).append("</th>"));
        h.append("</tr>\n");
        for (List<String> row : rows) {
            h.append("<tr>");
            row.forEach(c -> h.append("<td>").append(ReportWriter.esc(c)).append("</td>"));
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        plots.forEach((name, png) -> {
            h.append("<h2>").append(ReportWriter.esc(name)).append("</h2>\n");
            ReportWriter.image(h, png, name);
        });
        h.append("</body></html>\n");
        return h.toString();
    }

    /** One plot per swept key of each stage, named by metric and key (and stage, when there are several). */
    private static Map<String, byte[]> plots(SweepPlan plan, List<List<TrialResult>> stages,
            List<TrialResult> current) {
        List<List<TrialResult>> shown = new ArrayList<>(stages);
        if (!current.isEmpty()) {
            shown.add(current);
        }
        String metric = plan.spec().metric();
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int s = 0; s < shown.size(); s++) {
            List<SweepParam> params = plan.stages().get(s);
            for (SweepParam p : params) {
                String name = (plan.stages().size() > 1 ? "stage" + (s + 1) + "_" : "") + metric + "_vs_"
                        + p.key().replaceAll("[^A-Za-z0-9._-]", "-") + ".png";
                out.put(name, plot(plan, shown.get(s), p.key(), params.size() == 1, s + 1));
            }
        }
        return out;
    }

    private static byte[] plot(SweepPlan plan, List<TrialResult> trials, String key, boolean line, int stage) {
        String metric = plan.spec().metric();
        boolean numeric = trials.stream().allMatch(t -> t.overrides().get(key) instanceof Number);
        List<TrialResult> sorted = numeric ? trials.stream()
                .sorted(java.util.Comparator.comparingDouble(t -> ((Number) t.overrides().get(key)).doubleValue()))
                .toList() : trials;
        List<String> categories = numeric ? List.of() : new ArrayList<>(sorted.stream()
                .map(t -> SweepPlan.valueText(t.overrides().get(key))).collect(Collectors.toCollection(LinkedHashSet::new)));
        double[] xs = new double[sorted.size()];
        double[] ys = new double[sorted.size()];
        int best = -1;
        for (int i = 0; i < sorted.size(); i++) {
            TrialResult t = sorted.get(i);
            xs[i] = numeric ? ((Number) t.overrides().get(key)).doubleValue()
                    : categories.indexOf(SweepPlan.valueText(t.overrides().get(key)));
            ys[i] = t.metric(metric);
            if (!Double.isNaN(ys[i]) && (best < 0 || (plan.spec().lowerIsBetter() ? ys[i] < ys[best] : ys[i] > ys[best]))) {
                best = i;
            }
        }
        double lo = java.util.Arrays.stream(xs).min().orElse(1);
        double hi = java.util.Arrays.stream(xs).max().orElse(1);
        XyChart.Scale scale = lo > 0 && hi / lo >= 100 ? XyChart.Scale.LOG : XyChart.Scale.LINEAR;
        String title = metric + " against " + key + (plan.stages().size() > 1 ? " (stage " + stage + ")" : "");
        String mark = best < 0 ? "" : "best " + SweepPlan.valueText(sorted.get(best).overrides().get(key));
        XyChart.Builder chart = XyChart.builder(title, key, metric).points(xs, ys).line(line && numeric).mark(best, mark);
        return (numeric ? chart.scale(scale) : chart.categories(categories)).build().png();
    }
}
