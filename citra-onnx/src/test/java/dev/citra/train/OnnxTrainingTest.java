package dev.citra.train;

import dev.citra.classify.TrainingJob;
import dev.citra.classify.RunResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.infer.Classifier;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --model onnx}: a head trained with PyTorch on features an ONNX model computes in
 * OnnxRuntime, cached once; the bundle carries its own copy of the model and predicts after
 * being moved.
 */
class OnnxTrainingTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    static Path shared;

    static Path data;

    static Path onnx;

    @BeforeAll
    static void setUp() throws Exception {
        data = ColourData.write(shared.resolve("colours"), 20, 7);
        onnx = Path.of(OnnxTrainingTest.class.getResource("/onnx/tiny_features.onnx").toURI());
    }

    private static Map<String, Object> config(Path out) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("out", out.toString());
        m.put("name", "onnx");
        m.put("model", "onnx");
        m.put("backbone_file", onnx.toString());
        m.put("img_size", 16);
        m.put("dropout", 0.0);
        m.put("epochs", 8);
        m.put("lr", 0.05);
        m.put("batch", 8);
        m.put("seed", 4);
        m.put("early_stopping.patience", 0);
        m.put("reduce_lr.patience", 0);
        return m;
    }

    @Test
    void aHeadLearnsOnCachedOnnxFeaturesAndTheBundlePredictsElsewhere(@TempDir Path out) throws Exception {
        RunResult r = new TrainingJob(ConfigIO.fromMap(config(out)), QUIET).run();
        String log = Files.readString(r.runDir().resolve("log.txt"));
        assertTrue(log.contains("Cached the frozen backbone's features"), log);
        assertTrue(r.history().get(r.history().size() - 1).loss() < r.history().get(0).loss(), r.history().toString());
        // Three classes: chance is 1/3.
        assertTrue(r.metrics().get("test_accuracy") > 0.6, r.metrics().toString());
        assertEquals(ModelBundle.ONNX_BACKBONE, ModelBundle.readMetadata(r.bestBundle()).architecture().file());
        try (Classifier c = Classifier.load(MovedBundles.copy(r.bestBundle(), shared.resolve("moved")))) {
            assertEquals(r.metrics().get("test_accuracy"), MovedBundles.testAccuracy(c, r, data), 1e-9);
        }
    }

    @Test
    void anOnnxBackboneCannotTrain() {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("model", "onnx", "backbone_file", onnx.toString()));
        assertEquals(Freeze.BACKBONE, ConfigIO.fromMap(m).validate().freezeMode());
        m.put("freeze", "none");
        CitraException e = assertThrows(CitraException.class, () -> ConfigIO.fromMap(m).validate());
        assertTrue(e.getMessage().startsWith("An ONNX backbone runs in OnnxRuntime for inference only and cannot train:"),
                e.getMessage());
        Map<String, Object> none = Map.of("model", "onnx");
        assertTrue(assertThrows(CitraException.class, () -> ConfigIO.fromMap(none).validate()).getMessage()
                .contains("pass --backbone-file backbone.onnx"));
    }
}
