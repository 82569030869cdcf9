package dev.citra.caption;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.citra.bundle.ModelBundle;
import dev.citra.data.CaptionSample;
import dev.citra.data.SkippedFile;
import dev.citra.eval.Charts;
import dev.citra.eval.EpochRecord;
import dev.citra.image.ImageDecoder;
import dev.citra.image.ImageEncoding;
import dev.citra.run.RunLog;
import dev.citra.util.AtomicFiles;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * How well a captioner does on held-out images: corpus BLEU-1..4 (as NLTK computes it, all of an
 * image's reference captions counted) for greedy and beam-search captions and for the baseline that
 * always says the most frequent training caption, and every image's captions.
 *
 * @param split the split evaluated ({@code val} or {@code test})
 * @param images how many images
 * @param greedy BLEU-1..4 of greedy captions
 * @param beam BLEU-1..4 of beam-search captions (null when the beam width is 1)
 * @param beamWidth the beam width
 * @param baseline BLEU-1..4 of the frequent caption
 * @param frequentCaption the baseline's caption
 * @param bestEpoch the epoch of the evaluated weights
 * @param skipped images left out (unreadable, or listed but absent)
 * @param rows per image: its captions and their sentence BLEU-2
 */
public record CaptionReport(String split, int images, double[] greedy, double[] beam, int beamWidth, double[] baseline,
        String frequentCaption, Integer bestEpoch, List<SkippedFile> skipped, List<Row> rows) {

    /** One image's generated captions, its references, and the greedy caption's sentence BLEU-2. */
    public record Row(String id, String greedy, String beam, List<String> references, double bleu2) {}

    /** Captions {@code set}'s images with {@code decoder} and scores them. */
    static CaptionReport evaluate(CaptionModel decoder, CaptionMetadata meta, CaptionSet set, String split,
            String frequentCaption, int beamWidth, double lengthPenalty, int batch, List<SkippedFile> skipped) {
        Vocabulary vocabulary = Vocabulary.of(meta.vocabulary());
        CaptionDecoder decoding = new CaptionDecoder(decoder, vocabulary,
                meta.encoder().featureShape(meta.decoder().kind()), meta.maxLength());
        List<CaptionDecoder.Caption> greedy = decoding.greedy(set.features(), batch);
        List<CaptionDecoder.Caption> beam = null;
        if (beamWidth > 1) {
            beam = new ArrayList<>();
            for (float[] f : set.features()) {
                beam.add(decoding.beam(f, beamWidth, lengthPenalty));
            }
        }
        List<List<String>> baselineHyps = new ArrayList<>();
        List<String> frequent = frequentCaption.isEmpty() ? List.of() : List.of(frequentCaption.split(" "));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < set.images(); i++) {
            baselineHyps.add(frequent);
            List<List<String>> refs = set.references().get(i);
            rows.add(new Row(set.ids().get(i), greedy.get(i).text(), beam == null ? null : beam.get(i).text(),
                    refs.stream().map(r -> String.join(" ", r)).toList(),
                    Bleu.sentence(refs, greedy.get(i).words(), Bleu.CUMULATIVE[1])));
        }
        return new CaptionReport(split, set.images(),
                Bleu.cumulative(set.references(), greedy.stream().map(CaptionDecoder.Caption::words).toList()),
                beam == null ? null : Bleu.cumulative(set.references(),
                        beam.stream().map(CaptionDecoder.Caption::words).toList()),
                beamWidth, Bleu.cumulative(set.references(), baselineHyps), frequentCaption, meta.epoch(),
                List.copyOf(skipped), rows);
    }

    /** The figures as flat metrics ({@code bleu4_beam}, ...). */
    @JsonIgnore
    public Map<String, Double> metrics() {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        for (int n = 0; n < 4; n++) {
            m.put("bleu" + (n + 1) + "_greedy", greedy[n]);
            if (beam != null) {
                m.put("bleu" + (n + 1) + "_beam", beam[n]);
            }
            m.put("bleu" + (n + 1) + "_baseline", baseline[n]);
        }
        return m;
    }

    /** The BLEU table, in the log and on the console. */
    void log(RunLog log) {
        log.info("Best checkpoint (epoch %d) on the %s split (%d images), corpus BLEU-1/2/3/4:", bestEpoch, split,
                images);
        log.info("  greedy          %s", figures(greedy));
        if (beam != null) {
            log.info("  beam %-2d         %s", beamWidth, figures(beam));
        }
        log.info("  baseline        %s  (always \"%s\")", figures(baseline), frequentCaption);
        if (!skipped.isEmpty()) {
            log.info("Skipped %d images (listed in report.json), for example %s: %s", skipped.size(),
                    skipped.get(0).id(), skipped.get(0).reason());
        }
    }

    private static String figures(double[] b) {
        return String.format(Locale.ROOT, "%.4f  %.4f  %.4f  %.4f", b[0], b[1], b[2], b[3]);
    }

    /** Writes report.json, report.html (with sample images) and curves.png into {@code runDir}. */
    void write(Path runDir, List<EpochRecord> history, Map<String, CaptionSample> samples, Map<?, ?> config) {
        try {
            AtomicFiles.writeString(runDir.resolve("report.json"), ModelBundle.json().writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + runDir.resolve("report.json"), e);
        }
        if (!history.isEmpty()) {
            Charts.curves(history, runDir.resolve("curves.png"));
        }
        AtomicFiles.writeString(runDir.resolve("report.html"), html(runDir, history, samples, config));
    }

    private String html(Path runDir, List<EpochRecord> history, Map<String, CaptionSample> samples, Map<?, ?> config) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
                + "<title>Caption report: ").append(esc(runDir.getFileName().toString())).append("</title><style>"
                + "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                + "th:first-child,td:first-child{text-align:left}.s{display:flex;flex-wrap:wrap;gap:12px}"
                + ".c{width:250px;border:1px solid #ddd;padding:6px;font-size:13px}.c img{width:100%}"
                + ".g{color:#064;font-weight:600}.b{color:#036}.r{color:#666}</style></head><body>");
        h.append("<h1>Captions: ").append(esc(runDir.getFileName().toString())).append("</h1>");
        h.append("<p>Best checkpoint (epoch ").append(bestEpoch).append(") on the ").append(split).append(" split, ")
                .append(images).append(" images; corpus BLEU with all references (NLTK's corpus_bleu).</p>");
        h.append("<table><tr><th>captions</th><th>BLEU-1</th><th>BLEU-2</th><th>BLEU-3</th><th>BLEU-4</th></tr>");
        row(h, "greedy", greedy);
        if (beam != null) {
            row(h, "beam " + beamWidth, beam);
        }
        row(h, "baseline: \"" + frequentCaption + "\"", baseline);
        h.append("</table>");
        if (!history.isEmpty()) {
            h.append("<h2>Training</h2><img alt=\"curves\" style=\"max-width:100%\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(Charts.curvesPng(history))).append("\">");
        }
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingDouble(Row::bleu2).reversed().thenComparing(Row::id));
        int k = Math.min(4, sorted.size());
        section(h, "Best (sentence BLEU-2 of the greedy caption)", sorted.subList(0, k), samples);
        section(h, "Worst", sorted.subList(sorted.size() - k, sorted.size()), samples);
        List<Row> shuffled = new ArrayList<>(rows);
        java.util.Collections.shuffle(shuffled, new Random(7));
        section(h, "Random", shuffled.subList(0, Math.min(8, shuffled.size())), samples);
        if (!skipped.isEmpty()) {
            h.append("<h2>Skipped (").append(skipped.size()).append(")</h2><ul>");
            skipped.stream().limit(50).forEach(s -> h.append("<li>").append(esc(s.id())).append(": ")
                    .append(esc(s.reason())).append("</li>"));
            h.append("</ul>");
        }
        h.append("<h2>Config</h2><table>");
        config.forEach((key, value) -> {
            if (value != null) {
                h.append("<tr><td>").append(esc(String.valueOf(key))).append("</td><td>").append(esc(String.valueOf(value)))
                        .append("</td></tr>");
            }
        });
        return h.append("</table></body></html>\n").toString();
    }

    private static void row(StringBuilder h, String name, double[] b) {
        h.append("<tr><td>").append(esc(name)).append("</td>");
        for (double v : b) {
            h.append(String.format(Locale.ROOT, "<td>%.4f</td>", v));
        }
        h.append("</tr>");
    }

    private static void section(StringBuilder h, String title, List<Row> rows, Map<String, CaptionSample> samples) {
        h.append("<h2>").append(esc(title)).append("</h2><div class=\"s\">");
        for (Row r : rows) {
            h.append("<div class=\"c\">");
            String thumb = thumbnail(samples.get(r.id()));
            if (thumb != null) {
                h.append("<img alt=\"").append(esc(r.id())).append("\" src=\"data:image/jpeg;base64,").append(thumb)
                        .append("\">");
            }
            h.append("<div class=\"g\">").append(esc(r.greedy())).append("</div>");
            if (r.beam() != null) {
                h.append("<div class=\"b\">beam: ").append(esc(r.beam())).append("</div>");
            }
            h.append(String.format(Locale.ROOT, "<div>BLEU-2 %.3f</div><div class=\"r\">", r.bleu2()));
            r.references().forEach(ref -> h.append(esc(ref)).append("<br>"));
            h.append("</div></div>");
        }
        h.append("</div>");
    }

    /** A small JPEG of the image, base64, or null when it cannot be read again. */
    private static String thumbnail(CaptionSample sample) {
        if (sample == null) {
            return null;
        }
        try {
            BufferedImage image = new ImageDecoder().decode(sample.source().read());
            int w = 240;
            int hgt = Math.max(1, image.getHeight() * w / Math.max(1, image.getWidth()));
            BufferedImage small = new BufferedImage(w, hgt, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = small.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, w, hgt, null);
            g.dispose();
            return Base64.getEncoder().encodeToString(ImageEncoding.jpeg(small));
        } catch (Exception e) {
            return null;
        }
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
