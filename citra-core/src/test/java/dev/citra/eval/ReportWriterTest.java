package dev.citra.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.data.SkippedFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    private static EvaluationReport report() {
        List<String> labels = List.of("<b>&", "plain");
        ClassificationMetrics m = ClassificationMetrics.compute(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1},
                new float[][] {{.9f, .1f}, {.4f, .6f}, {.2f, .8f}, {.3f, .7f}}, labels, 1);
        List<EpochRecord> history = List.of(new EpochRecord(1, 0.9, 0.5, 0.8, 0.55, 1e-3, 1.0),
                new EpochRecord(2, 0.5, 0.8, Double.NaN, Double.NaN, 1e-3, 1.1));
        return new EvaluationReport("test <run>", m, 4, List.of(new SkippedFile("a/x.jpg", "empty file (0 bytes)")),
                history, Map.of("epochs", 2), "2026-11-23T00:00:00Z");
    }

    @Test
    void jsonHasTheFiguresUnderSnakeCaseKeys(@TempDir Path dir) throws Exception {
        EvaluationReport r = report();
        ReportWriter.writeJson(r, dir.resolve("report.json"));
        JsonNode root = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertEquals("test <run>", root.get("title").asText());
        assertEquals("2026-11-23T00:00:00Z", root.get("created").asText());
        assertEquals(4, root.get("images").asInt());
        JsonNode m = root.get("metrics");
        assertEquals(0.75, m.get("accuracy").asDouble(), 1e-12);
        assertEquals(1, m.get("top_k").asInt());
        assertEquals(0.75, m.get("top_k_accuracy").asDouble(), 1e-12);
        for (ClassMetrics c : r.metrics().perClass()) {
            JsonNode row = m.get("per_class").get(c.label());
            assertEquals(c.precision(), row.get("precision").asDouble(), 0, c.label());
            assertEquals(c.recall(), row.get("recall").asDouble(), 0, c.label());
            assertEquals(c.f1(), row.get("f1").asDouble(), 0, c.label());
            assertEquals(c.support(), row.get("support").asInt(), c.label());
        }
        assertEquals(1.0, m.get("per_class").get("<b>&").get("precision").asDouble(), 1e-12);
        assertEquals(0.5, m.get("per_class").get("<b>&").get("recall").asDouble(), 1e-12);
        assertEquals(r.metrics().macroAvg().f1(), m.get("macro_avg").get("f1").asDouble(), 0);
        assertEquals(4, m.get("macro_avg").get("support").asInt(), "averages carry the total support, as in scikit-learn");
        assertEquals(r.metrics().weightedAvg().precision(), m.get("weighted_avg").get("precision").asDouble(), 0);
        assertEquals(4, m.get("weighted_avg").get("support").asInt());
        assertEquals("[\"<b>&\",\"plain\"]", m.get("confusion_matrix").get("labels").toString());
        assertEquals("[[1,1],[0,2]]", m.get("confusion_matrix").get("counts").toString());
        assertEquals("a/x.jpg", root.get("skipped_files").get(0).get("file").asText());
        assertEquals("empty file (0 bytes)", root.get("skipped_files").get(0).get("reason").asText());
        assertEquals(2, root.get("history").size());
        assertEquals(0.55, root.get("history").get(0).get("val_accuracy").asDouble(), 1e-12);
        assertTrue(root.get("history").get(1).get("val_loss").isNull(), "NaN is written as null");
        assertEquals(2, root.get("config").get("epochs").asInt());
    }

    /** The exact text, as the hand-built tree wrote it before report.json came from records. */
    @Test
    void jsonTextIsStable() {
        ClassificationMetrics m = ClassificationMetrics.compute(new int[] {0, 1}, new int[] {0, 0}, null,
                List.of("x", "y"), 3);
        assertEquals("""
                {
                  "title" : "plain",
                  "created" : "now",
                  "images" : 2,
                  "metrics" : {
                    "accuracy" : 0.5,
                    "top_k" : 2,
                    "top_k_accuracy" : null,
                    "per_class" : {
                      "x" : {
                        "precision" : 0.5,
                        "recall" : 1.0,
                        "f1" : 0.6666666666666666,
                        "support" : 1
                      },
                      "y" : {
                        "precision" : 0.0,
                        "recall" : 0.0,
                        "f1" : 0.0,
                        "support" : 1
                      }
                    },
                    "macro_avg" : {
                      "precision" : 0.25,
                      "recall" : 0.5,
                      "f1" : 0.3333333333333333,
                      "support" : 2
                    },
                    "weighted_avg" : {
                      "precision" : 0.25,
                      "recall" : 0.5,
                      "f1" : 0.3333333333333333,
                      "support" : 2
                    },
                    "confusion_matrix" : {
                      "labels" : [ "x", "y" ],
                      "counts" : [ [ 1, 0 ], [ 1, 0 ] ]
                    }
                  },
                  "skipped_files" : [ ]
                }""", ReportWriter.toJson(new EvaluationReport("plain", m, 2, null, null, null, "now")));
    }

    @Test
    void jsonWithoutProbabilitiesHistoryOrConfigStillParses(@TempDir Path dir) throws Exception {
        ClassificationMetrics m = ClassificationMetrics.compute(new int[] {0, 1}, new int[] {0, 0}, null,
                List.of("x", "y"), 3);
        ReportWriter.writeJson(new EvaluationReport("plain", m, 2, null, null, null, "now"), dir.resolve("r.json"));
        JsonNode root = new ObjectMapper().readTree(dir.resolve("r.json").toFile());
        assertTrue(root.get("metrics").get("top_k_accuracy").isNull(), "NaN top-k is null, not a bare NaN token");
        assertEquals(0, root.get("skipped_files").size());
        assertFalse(root.has("history"));
        assertFalse(root.has("config"));
    }

    @Test
    void htmlIsSelfContainedAndEscaped(@TempDir Path dir) throws Exception {
        ReportWriter.writeHtml(report(), dir.resolve("report.html"));
        String html = Files.readString(dir.resolve("report.html"));
        assertFalse(Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//").matcher(html).find(),
                "no remote (or protocol-relative) src/href");
        assertFalse(html.contains("http://") || html.contains("https://"), "no web address at all");
        assertFalse(html.contains("<script") || html.contains("<link"), "no scripts or linked stylesheets");
        assertTrue(html.contains("<style>"), "CSS is inline");
        Matcher img = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int images = 0;
        while (img.find()) {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(img.group(1))));
            assertTrue(decoded.getWidth() > 100, "embedded image " + images + " is a real PNG");
            images++;
        }
        assertEquals(2, images, "confusion matrix and curves are embedded");
        assertTrue(html.contains("&lt;b&gt;&amp;"), "labels are escaped");
        assertFalse(html.contains("<b>&"), "no raw label");
        assertTrue(html.contains("test &lt;run&gt;"));
        assertTrue(html.contains("macro avg") && html.contains("weighted avg"));
        assertTrue(html.contains("empty file (0 bytes)"), "skipped files are listed");
        assertTrue(html.contains("1 file skipped"));
        assertTrue(html.contains("epochs: 2"), "config is shown");
    }

    @Test
    void htmlWithoutHistoryHasOnlyTheMatrixImage() {
        ClassificationMetrics m = ClassificationMetrics.compute(new int[] {0, 1}, new int[] {0, 0}, null,
                List.of("x", "y"), 1);
        String html = ReportWriter.toHtml(new EvaluationReport("t", m, 2, List.of(), null, null, "now"));
        assertEquals(1, html.split("data:image/png;base64,", -1).length - 1);
        assertFalse(html.contains("Training curves"));
        assertFalse(html.contains("NaN"), "missing figures show as a dash");
    }

    @Test
    void csvListsEveryClassAndBothAverages(@TempDir Path dir) throws Exception {
        List<String> labels = List.of("a,b", "say \"hi\"");
        ClassificationMetrics m = ClassificationMetrics.compute(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}, null,
                labels, 1);
        ReportWriter.writeCsv(m, dir.resolve("metrics.csv"));
        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals("class,precision,recall,f1,support", lines.get(0));
        assertEquals(5, lines.size());
        assertEquals("\"a,b\",1.000000,0.500000,0.666667,2", lines.get(1), "a comma in a label is quoted");
        assertTrue(lines.get(2).startsWith("\"say \"\"hi\"\"\",0.666667,"), "quotes are doubled");
        assertTrue(lines.get(3).startsWith("macro avg,0.833333,0.750000,0.733333,4"));
        assertTrue(lines.get(4).startsWith("weighted avg,"));
    }
}
