package dev.citra.train;

import dev.citra.classify.TrainingJob;
import dev.citra.classify.RunResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.CitraException;
import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.infer.Classifier;
import dev.citra.infer.Prediction;
import dev.citra.model.Network;
import dev.citra.model.TorchScriptBackbone;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --model torchscript}: a head trained on the fixture TorchScript module, frozen (its
 * weights stay those of the file) or trainable (they learn), saved as a bundle that carries its
 * own copy of the module and predicts after being moved.
 */
class TorchScriptTrainingTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    static Path shared;

    static Path data;

    static Path module;

    @BeforeAll
    static void setUp() throws Exception {
        data = ColourData.write(shared.resolve("colours"), 20, 5);
        module = Path.of(TorchScriptTrainingTest.class.getResource("/torchscript/tiny_backbone.pt").toURI());
    }

    private static Map<String, Object> config(Path out, String name, String freeze) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("out", out.toString());
        m.put("name", name);
        m.put("model", "torchscript");
        m.put("backbone_file", module.toString());
        m.put("freeze", freeze);
        // Run the frozen module every step rather than caching it: that is the path that must keep eval mode.
        m.put("cache_features", false);
        m.put("img_size", 16);
        m.put("dropout", 0.0);
        m.put("epochs", 3);
        m.put("lr", 0.05);
        m.put("batch", 8);
        m.put("seed", 3);
        m.put("early_stopping.patience", 0);
        m.put("reduce_lr.patience", 0);
        return m;
    }

    private static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    /** The TorchScript module's parameter values, by name. */
    private static Map<String, float[]> moduleValues(Network network) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : network.block().getChildren().get(0).getValue().getParameters()) {
            out.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    private static Map<String, float[]> fileValues() {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (TorchScriptBackbone b = TorchScriptBackbone.load(module, false)) {
            for (Pair<String, Parameter> p : b.block().getParameters()) {
                out.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
        }
        return out;
    }

    private static double difference(Map<String, float[]> a, Map<String, float[]> b) {
        // Same module, same parameter order; the names differ by the network's prefixes.
        assertEquals(a.size(), b.size(), a.keySet() + " vs " + b.keySet());
        List<float[]> xs = List.copyOf(a.values());
        List<float[]> ys = List.copyOf(b.values());
        double d = 0;
        for (int k = 0; k < xs.size(); k++) {
            assertEquals(xs.get(k).length, ys.get(k).length, a.keySet() + " vs " + b.keySet());
            for (int i = 0; i < xs.get(k).length; i++) {
                d += Math.abs(xs.get(k)[i] - ys.get(k)[i]);
            }
        }
        return d;
    }

    /** The share of all images the classifier gets right. */
    private static double accuracy(Classifier c) throws Exception {
        int right = 0;
        int all = 0;
        for (int cls = 0; cls < 3; cls++) {
            try (Stream<Path> files = Files.list(data.resolve("class" + cls))) {
                for (Path image : files.sorted().toList()) {
                    List<Prediction> top = c.predict(image, 3);
                    assertEquals(1.0, top.stream().mapToDouble(Prediction::probability).sum(), 1e-4);
                    right += top.get(0).label().equals("class" + cls) ? 1 : 0;
                    all++;
                }
            }
        }
        return right / (double) all;
    }

    private static void assertLearnsAndPredicts(RunResult r) throws Exception {
        assertTrue(r.history().get(2).loss() < r.history().get(0).loss(), "loss should fall: " + r.history());
        // The bundle carries its own module, named relatively: a moved bundle still loads.
        BundleMetadata meta = ModelBundle.readMetadata(r.bestBundle());
        assertEquals(ModelBundle.BACKBONE, meta.architecture().file());
        assertTrue(Files.isRegularFile(r.bestBundle().resolve(ModelBundle.BACKBONE)));
        Path moved = MovedBundles.copy(r.bestBundle(), shared.resolve("moved-" + r.runDir().getFileName()));
        try (Classifier c = Classifier.load(moved)) {
            // Three classes: chance is 1/3.
            double accuracy = accuracy(c);
            assertTrue(accuracy > 0.6, "accuracy " + accuracy);
            assertEquals(r.metrics().get("test_accuracy"), MovedBundles.testAccuracy(c, r, data), 1e-9);
        }
    }

    @Test
    void aFrozenModuleKeepsItsWeightsWhileTheHeadLearns(@TempDir Path out) throws Exception {
        RunResult r = new TrainingJob(ConfigIO.fromMap(config(out, "frozen", "backbone")), QUIET).run();
        assertLearnsAndPredicts(r);
        try (Network n = ModelBundle.load(r.bestBundle())) {
            assertEquals(0, difference(fileValues(), moduleValues(n)), 0.0);
            // BatchNorm statistics are not parameters: the module's output shows they stayed too.
            JsonNode expected = new ObjectMapper().readTree(Files.readString(module.resolveSibling("tiny_backbone.json")));
            NDArray x = n.manager().create(floats(expected.get("input")), new Shape(2, 3, 5, 5));
            assertArrayEquals(floats(expected.get("output")), n.forwardPrefix(x, 1).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void aTrainableModuleLearns(@TempDir Path out) throws Exception {
        RunResult r = new TrainingJob(ConfigIO.fromMap(config(out, "trainable", "none")), QUIET).run();
        assertLearnsAndPredicts(r);
        try (Network n = ModelBundle.load(r.bestBundle())) {
            assertTrue(difference(fileValues(), moduleValues(n)) > 1e-3, "the module's weights should have changed");
        }
    }

    @Test
    void aBundleWithoutItsModuleSaysWhatIsMissing(@TempDir Path out) throws Exception {
        Map<String, Object> m = config(out, "missing", "backbone");
        m.put("epochs", 1);
        RunResult r = new TrainingJob(ConfigIO.fromMap(m), QUIET).run();
        Path moved = MovedBundles.copy(r.bestBundle(), shared.resolve("without-module"));
        Files.delete(moved.resolve(ModelBundle.BACKBONE));
        CitraException e = assertThrows(CitraException.class, () -> Classifier.load(moved));
        assertTrue(e.getMessage().contains("lacks its backbone module " + moved.resolve(ModelBundle.BACKBONE)),
                e.getMessage());
        Files.write(moved.resolve(ModelBundle.BACKBONE), new byte[] {1, 2, 3});
        e = assertThrows(CitraException.class, () -> Classifier.load(moved));
        assertTrue(e.getMessage().startsWith("TorchScript file " + moved.resolve(ModelBundle.BACKBONE)
                + " cannot be loaded"), e.getMessage());
    }

    @Test
    void torchscriptNeedsItsFileAndTheFileNeedsTorchscript() {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("model", "torchscript"));
        assertTrue(assertThrows(CitraException.class, () -> ConfigIO.fromMap(m).validate()).getMessage()
                .contains("pass --backbone-file"));
        m.put("backbone_file", "/nowhere/backbone.pt");
        assertTrue(assertThrows(CitraException.class, () -> ConfigIO.fromMap(m).validate()).getMessage()
                .startsWith("Backbone file /nowhere/backbone.pt does not exist"));
        Map<String, Object> other = Map.of("model", "simple-cnn", "backbone_file", module.toString());
        assertTrue(assertThrows(CitraException.class, () -> ConfigIO.fromMap(other).validate()).getMessage()
                .contains("add one of them"));
    }
}
