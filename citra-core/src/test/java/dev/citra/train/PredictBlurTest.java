package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.classify.RunResult;
import dev.citra.classify.TrainingJob;
import dev.citra.data.DemoDataset;
import dev.citra.eval.EpochRecord;
import dev.citra.infer.Classifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict_blur} blurs what the trained model is shown (the test part, and every prediction
 * through the saved model) and leaves training and validation as they were.
 */
class PredictBlurTest {
    @Test
    void trainingIsUntouchedAndTheTestPartIsSeenAsPredictionsSeeIt(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("shapes");
        DemoDataset.write(data.resolve("train"), 50, 24, 17);
        DemoDataset.write(data.resolve("test"), 8, 24, 99);
        Map<String, Object> sharp = TrainFixtures.smallRun(data, dir.resolve("runs"), "sharp", 24, 3);
        sharp.put("epochs", 10);
        sharp.put("lr", 0.003);
        sharp.put("val_split", 0.2);
        Map<String, Object> blurred = new java.util.LinkedHashMap<>(sharp);
        blurred.put("name", "blurred");
        blurred.put("predict_blur", 2.0);
        RunResult a = new TrainingJob(ConfigIO.fromMap(sharp), TrainFixtures.QUIET).run();
        RunResult b = new TrainingJob(ConfigIO.fromMap(blurred), TrainFixtures.QUIET).run();

        assertEquals(a.history().size(), b.history().size());
        for (int i = 0; i < a.history().size(); i++) {
            EpochRecord x = a.history().get(i);
            EpochRecord y = b.history().get(i);
            assertEquals(x.loss(), y.loss(), 1e-9, "training loss, epoch " + x.epoch());
            assertEquals(x.valAccuracy(), y.valAccuracy(), 1e-9, "validation accuracy, epoch " + x.epoch());
        }
        assertTrue(a.history().get(a.history().size() - 1).valAccuracy() > 0.6, "it learned: " + a.history());

        BundleMetadata saved = ModelBundle.readMetadata(b.bestBundle());
        assertEquals(2.0, saved.blur());
        assertEquals(BundleMetadata.BLUR_FORMAT, saved.format());
        assertEquals(null, ModelBundle.readMetadata(a.bestBundle()).blur());

        // The run's test figure is what the saved model predicts on the test images, one file at a time.
        double viaBundle = accuracy(b.bestBundle(), data.resolve("test"));
        assertEquals(viaBundle, b.metrics().get("test_accuracy"), 1e-9);
        assertEquals(accuracy(a.bestBundle(), data.resolve("test")), a.metrics().get("test_accuracy"), 1e-9);
        assertNotEquals(probabilitiesOfFirst(a.bestBundle(), data), probabilitiesOfFirst(b.bestBundle(), data),
                "the same weights, shown a blurred image");
    }

    private static double accuracy(Path bundle, Path testDir) throws Exception {
        int right = 0;
        int all = 0;
        try (Classifier c = Classifier.load(bundle); Stream<Path> files = Files.walk(testDir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".png")).sorted().toList()) {
                String truth = f.getParent().getFileName().toString();
                right += c.predict(f, 1).get(0).label().equals(truth) ? 1 : 0;
                all++;
            }
        }
        return (double) right / all;
    }

    private static float probabilitiesOfFirst(Path bundle, Path data) throws Exception {
        try (Classifier c = Classifier.load(bundle); Stream<Path> files = Files.walk(data.resolve("test"))) {
            Path first = files.filter(f -> f.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
            return c.predict(first, 1).get(0).probability();
        }
    }
}
