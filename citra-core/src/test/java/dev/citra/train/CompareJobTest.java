package dev.citra.train;

import dev.citra.classify.CompareJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.eval.DatasetEvaluation;
import dev.citra.eval.ModelComparison;
import dev.citra.infer.Classifier;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two models on the same split; each row of the table is what a separate eval of that model gives. */
class CompareJobTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @Test
    void rowsMatchSeparateEvaluationsOnTheSameTestImages(@TempDir Path tmp) throws Exception {
        Path data = ColourData.write(tmp.resolve("colours"), 40, 21);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("out", tmp.resolve("runs").toString());
        m.put("img_size", 32);
        m.put("epochs", 4);
        m.put("lr", 0.003);
        m.put("seed", 4);
        m.put("test_split", 0.2);
        m.put("early_stopping.patience", 0);
        CompareJob.Result result = new CompareJob(ConfigIO.fromMap(m), List.of("simple-cnn", "fer-cnn"), QUIET).run();

        ModelComparison c = result.comparison();
        assertTrue(c.sameSplit());
        assertEquals(List.of("simple-cnn", "fer-cnn"), c.entries().stream().map(ModelComparison.Entry::model).toList());
        for (String f : List.of("comparison.md", "comparison.html", "comparison.json", "validation_curves.png",
                "config.yaml")) {
            assertTrue(Files.isRegularFile(result.dir().resolve(f)), "missing " + f);
        }
        JsonNode json = ModelBundle.json().readTree(result.dir().resolve("comparison.json").toFile());
        String md = Files.readString(result.dir().resolve("comparison.md"));
        for (int i = 0; i < 2; i++) {
            ModelComparison.Entry e = c.entries().get(i);
            Path run = result.dir().resolve(e.runDir());
            // The same test images, evaluated separately from the bundle alone.
            Path testFolder = tmp.resolve("test-" + e.model());
            for (String line : Files.readAllLines(run.resolve("splits/test.txt"))) {
                String[] idAndLabel = line.split("\t");
                Path target = testFolder.resolve(idAndLabel[1]).resolve(Path.of(idAndLabel[0]).getFileName());
                Files.createDirectories(target.getParent());
                Files.copy(data.resolve(idAndLabel[0]), target);
            }
            try (Classifier classifier = Classifier.load(run)) {
                DatasetEvaluation separate = DatasetEvaluation.run(classifier, testFolder, 32, 3, 2);
                assertEquals(separate.metrics().accuracy(), e.metrics().accuracy(), 1e-9, e.model());
                assertEquals(separate.metrics().macroAvg().f1(), e.metrics().macroAvg().f1(), 1e-9, e.model());
                assertEquals(separate.metrics().macroAvg().precision(), json.get("models").get(i).get("precision_macro")
                        .asDouble(), 1e-9, e.model());
            }
            // Everything trained but the BatchNorm statistics.
            assertTrue(e.trainableParameters() < e.parameters() && e.trainableParameters() > 0.9 * e.parameters(),
                    e.model());
            assertTrue(e.batch1Millis() > 0 && e.imagesPerSecond() > 0, e.toString());
            assertEquals(4, e.history().size());
            assertTrue(e.metrics().accuracy() > 0.6, "learned: " + e.metrics().accuracy());
            assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| %s | %.4f |", e.model(), e.metrics().accuracy())),
                    md);
        }
    }

    @Test
    void aComparisonNeedsTwoKnownDistinctModels(@TempDir Path tmp) {
        TrainConfig config = ConfigIO.fromMap(Map.of("data", tmp.toString()));
        assertTrue(assertThrows(CitraException.class, () -> new CompareJob(config, List.of("simple-cnn"), QUIET))
                .getMessage().contains("at least two models"));
        assertTrue(assertThrows(CitraException.class,
                () -> new CompareJob(config, List.of("simple-cnn", "mobilenet_v3"), QUIET)).getMessage()
                .contains("Unknown model 'mobilenet_v3'"));
        assertTrue(assertThrows(CitraException.class,
                () -> new CompareJob(config, List.of("simple-cnn", "simple_cnn"), QUIET)).getMessage()
                .contains("twice"));
    }

    @Test
    void aComparisonThatFailsPartWayKeepsTheFinishedRunsAndSaysWhy(@TempDir Path tmp) throws Exception {
        Path data = ColourData.write(tmp.resolve("colours"), 20, 22);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("out", tmp.resolve("runs").toString());
        m.put("name", "broken");
        m.put("img_size", 32);
        m.put("epochs", 1);
        m.put("test_split", 0.2);
        // InceptionV3 needs 75 px or more: the second model fails after the first has finished.
        CitraException e = assertThrows(CitraException.class,
                () -> new CompareJob(ConfigIO.fromMap(m), List.of("simple-cnn", "inception_v3"), QUIET).run());
        Path dir = tmp.resolve("runs/compare/broken");
        assertTrue(Files.isRegularFile(dir.resolve("classify/simple-cnn/best/citra.json")), "the finished run stays");
        String log = Files.readString(dir.resolve("log.txt"));
        assertTrue(log.contains("== simple-cnn ==") && log.contains("Failed: " + e.getMessage()), log);

        // One that fails before any model finished leaves nothing.
        m.put("name", "early");
        assertThrows(CitraException.class,
                () -> new CompareJob(ConfigIO.fromMap(m), List.of("inception_v3", "simple-cnn"), QUIET).run());
        assertTrue(!Files.exists(tmp.resolve("runs/compare/early")), "no folder for a comparison that did nothing");
    }
}
