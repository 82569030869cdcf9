package dev.citra.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.data.SkippedFile;
import dev.citra.train.EpochRecord;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        ReportWriter.writeJson(report(), dir.resolve("report.json"));
        JsonNode root = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        JsonNode m = root.get("metrics");
        assertEquals(0.75, m.get("accuracy").asDouble(), 1e-12);
        assertEquals(1.0, m.get("per_class").get("<b>&").get("precision").asDouble(), 1e-12);
        assertEquals(0.5, m.get("per_class").get("<b>&").get("recall").asDouble(), 1e-12);
        assertEquals(4, m.get("macro_avg").get("support").asInt(), "averages carry the total support, as in scikit-learn");
        assertTrue(m.has("weighted_avg"));
        assertEquals("[[1,1],[0,2]]", m.get("confusion_matrix").get("counts").toString());
        assertEquals("empty file (0 bytes)", root.get("skipped_files").get(0).get("reason").asText());
        assertTrue(root.get("history").get(1).get("val_loss").isNull(), "NaN is written as null");
    }

    @Test
    void htmlIsSelfContainedAndEscaped(@TempDir Path dir) throws Exception {
        ReportWriter.writeHtml(report(), dir.resolve("report.html"));
        String html = Files.readString(dir.resolve("report.html"));
        assertFalse(html.contains("src=\"http"), "no remote images");
        assertFalse(html.contains("href=\"http"), "no remote links");
        assertTrue(html.contains("data:image/png;base64,"), "images are embedded");
        assertTrue(html.contains("&lt;b&gt;&amp;"), "labels are escaped");
        assertFalse(html.contains("<b>&"), "no raw label");
        assertTrue(html.contains("test &lt;run&gt;"));
    }

    @Test
    void chartsArePngsOfTheExpectedSize(@TempDir Path dir) throws Exception {
        EvaluationReport r = report();
        Charts.curves(r.history(), dir.resolve("curves.png"));
        Charts.confusionMatrix(r.metrics().confusionMatrix(), dir.resolve("cm.png"));
        BufferedImage curves = ImageIO.read(dir.resolve("curves.png").toFile());
        assertEquals(1000, curves.getWidth());
        BufferedImage cm = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("cm.png"))));
        assertTrue(cm.getWidth() > cm.getHeight());
    }

    @Test
    void csvListsEveryClassAndBothAverages(@TempDir Path dir) throws Exception {
        ReportWriter.writeCsv(report().metrics(), dir.resolve("metrics.csv"));
        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals("class,precision,recall,f1,support", lines.get(0));
        assertEquals(5, lines.size());
        assertTrue(lines.get(3).startsWith("macro avg,"));
    }
}
