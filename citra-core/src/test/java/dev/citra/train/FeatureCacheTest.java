package dev.citra.train;

import dev.citra.classify.TrainingJob;
import dev.citra.classify.RunResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.eval.EpochRecord;
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
 * Training the head on cached backbone features is the same training as running the frozen
 * backbone every epoch: same head, same seed, same figures.
 */
class FeatureCacheTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    static Path shared;

    static Path data;

    @BeforeAll
    static void drawData() throws Exception {
        data = ColourData.write(shared.resolve("colours"), 40, 13);
    }

    private static Map<String, Object> config(Path out, String name, boolean cache) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("out", out.toString());
        m.put("name", name);
        // Random convolutions are enough to tell the colours apart.
        m.put("model", "simple-cnn");
        m.put("img_size", 32);
        m.put("freeze", "backbone");
        m.put("dropout", 0.3);
        m.put("epochs", 10);
        m.put("lr", 0.03);
        m.put("batch", 16);
        m.put("seed", 9);
        m.put("cache_features", cache);
        m.put("early_stopping.patience", 0);
        m.put("reduce_lr.patience", 0);
        return m;
    }

    @Test
    void cachedFeaturesTrainTheSameHeadAsRunningTheBackboneEachEpoch(@TempDir Path out) throws Exception {
        RunResult cached = new TrainingJob(ConfigIO.fromMap(config(out, "cached", true)), QUIET).run();
        RunResult direct = new TrainingJob(ConfigIO.fromMap(config(out, "direct", false)), QUIET).run();
        assertTrue(Files.readString(cached.runDir().resolve("log.txt")).contains("Cached the frozen backbone's features"));
        assertFalse(Files.readString(direct.runDir().resolve("log.txt")).contains("Cached"));
        for (int e = 0; e < 10; e++) {
            EpochRecord a = cached.history().get(e);
            EpochRecord b = direct.history().get(e);
            assertEquals(b.loss(), a.loss(), 1e-3 * Math.abs(b.loss()), "epoch " + (e + 1) + " loss");
            assertEquals(b.valLoss(), a.valLoss(), 1e-3 * Math.abs(b.valLoss()), "epoch " + (e + 1) + " val_loss");
            assertEquals(b.valAccuracy(), a.valAccuracy(), 0.02, "epoch " + (e + 1) + " val_accuracy");
        }
        assertEquals(direct.metrics().get("test_accuracy"), cached.metrics().get("test_accuracy"), 0.02);
        // It learned from the frozen random backbone's features (3 classes: chance 1/3).
        assertTrue(cached.metrics().get("test_accuracy") > 0.8, cached.metrics().toString());
    }

    @Test
    void withAugmentationOnlyAskedForViewsAreCached(@TempDir Path out) throws Exception {
        Map<String, Object> m = config(out, "aug", true);
        m.put("epochs", 1);
        m.put("augment", Map.of("horizontal_flip", true, "rotation_range", 20));
        RunResult none = new TrainingJob(ConfigIO.fromMap(m), QUIET).run();
        assertTrue(Files.readString(none.runDir().resolve("log.txt")).contains("not cached: augmentation"));
        m.put("name", "views");
        m.put("cache_views", 2);
        RunResult views = new TrainingJob(ConfigIO.fromMap(m), QUIET).run();
        assertTrue(Files.readString(views.runDir().resolve("log.txt")).contains("x 2 augmented views"));
    }
}
