package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.citra.CitraException;
import dev.citra.classify.RunResult;
import dev.citra.classify.TrainingJob;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Label smoothing, mixup and CutMix: targets and pixels by hand, the loss against PyTorch's. */
class BatchTargetsTest {
    private static final float[] LOGITS = {2f, -1f, 0.5f, 0.3f, 0.1f, -2f, 1.2f, 1.1f, 0f};
    private static final int[] LABELS = {0, 2, 1};

    @Test
    void smoothedLossEqualsPyTorchsCrossEntropyWithLabelSmoothing() {
        BatchTargets t = BatchTargets.of(new float[3], LABELS, 3, 3, 1, 1, 0.1, 0, 0, 1, 0, 0);
        assertArrayEquals(new float[] {0.9333333f, 0.0333333f, 0.0333333f}, Arrays.copyOf(t.targets(), 3), 1e-6f);
        assertArrayEquals(LABELS, t.dominant());
        try (NDManager m = dev.citra.util.Engines.pytorch().newBaseManager()) {
            var logits = m.create(LOGITS, new Shape(3, 3));
            // torch.nn.CrossEntropyLoss(label_smoothing=0.1)(logits, [0, 2, 1]) in PyTorch 2.
            assertEquals(1.3736572265625, ClassifierTrainer.softCrossEntropy(m, logits, t.targets(), 3, null)
                    .getFloat(), 1e-6);
            // Mixed one-hot targets 0.7 * y + 0.3 * y[[1, 2, 0]]: torch's CrossEntropyLoss with probabilities.
            float[] mixed = {0.7f, 0, 0.3f, 0, 0.3f, 0.7f, 0.3f, 0.7f, 0};
            assertEquals(1.2914351224899292, ClassifierTrainer.softCrossEntropy(m, logits, mixed, 3, null)
                    .getFloat(), 1e-6);
        }
    }

    @Test
    void mixupBlendsEachImageWithItsPartnerByTheSameWeightAsItsTarget() {
        int count = 8;
        int len = 2 * 4 * 4;
        float[] pixels = new float[count * len];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            Arrays.fill(pixels, i * len, (i + 1) * len, i); // image i is all i: a blend tells its partner
            labels[i] = i % 4;
        }
        BatchTargets t = BatchTargets.of(pixels, labels, count, 4, 2, 4, 0, 0.4, 0, 11, 2, 5);
        assertEquals(BatchTargets.Mix.MIXUP, t.mix());
        double lambda = t.lambda();
        assertTrue(lambda > 0 && lambda < 1, "lambda " + lambda);
        for (int i = 0; i < count; i++) {
            float value = pixels[i * len];
            // value = lambda * i + (1 - lambda) * partner: solve for the partner.
            double partner = (value - lambda * i) / (1 - lambda);
            int p = (int) Math.round(partner);
            assertEquals(p, partner, 1e-3, "image " + i);
            float[] row = Arrays.copyOfRange(t.targets(), i * 4, i * 4 + 4);
            double sum = 0;
            for (float v : row) {
                sum += v;
            }
            assertEquals(1, sum, 1e-6);
            if (labels[p] != labels[i]) {
                assertEquals(lambda, row[labels[i]], 1e-6);
                assertEquals(1 - lambda, row[labels[p]], 1e-6);
            }
            for (int j = 1; j < len; j++) {
                assertEquals(value, pixels[i * len + j], 1e-6);
            }
        }
    }

    @Test
    void cutMixPastesABoxAndMixesTargetsByItsRealArea() {
        int count = 6;
        int size = 16;
        int len = 3 * size * size;
        float[] pixels = new float[count * len];
        int[] labels = {0, 1, 2, 0, 1, 2};
        for (int i = 0; i < count; i++) {
            Arrays.fill(pixels, i * len, (i + 1) * len, i + 1);
        }
        BatchTargets t = BatchTargets.of(pixels, labels, count, 3, 3, size, 0, 0, 1.0, 5, 0, 1);
        assertEquals(BatchTargets.Mix.CUTMIX, t.mix());
        int pasted = 0;
        for (int i = 0; i < count; i++) {
            int own = 0;
            for (int j = 0; j < len; j++) {
                own += pixels[i * len + j] == i + 1 ? 1 : 0;
            }
            // Every channel gets the same box, and the image keeps lambda of its area (all of it when the
            // shuffle left it its own partner).
            if (own < len) {
                assertEquals(t.lambda(), own / (double) len, 1e-9, "image " + i);
                pasted++;
            }
        }
        assertTrue(pasted >= count / 2, "boxes pasted into " + pasted + " images, lambda " + t.lambda());
    }

    @Test
    void drawsAreSeededByRunEpochAndBatch() {
        float[] a = randomPixels(1);
        float[] b = a.clone();
        float[] c = a.clone();
        int[] labels = {0, 1, 2, 3};
        BatchTargets first = BatchTargets.of(a, labels, 4, 4, 1, 8, 0.1, 0.2, 1.0, 42, 3, 7);
        BatchTargets again = BatchTargets.of(b, labels, 4, 4, 1, 8, 0.1, 0.2, 1.0, 42, 3, 7);
        BatchTargets other = BatchTargets.of(c, labels, 4, 4, 1, 8, 0.1, 0.2, 1.0, 42, 3, 8);
        assertArrayEquals(a, b);
        assertArrayEquals(first.targets(), again.targets());
        assertNotEquals(first.lambda(), other.lambda());
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void betaDrawsHaveTheBetaDistributionsMeanAndVariance() {
        Random random = new Random(3);
        for (double alpha : new double[] {0.2, 1.0, 2.0}) {
            int n = 40_000;
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < n; i++) {
                double x = BatchTargets.beta(alpha, random);
                assertTrue(x >= 0 && x <= 1);
                sum += x;
                squares += x * x;
            }
            double mean = sum / n;
            double variance = squares / n - mean * mean;
            assertEquals(0.5, mean, 0.01, "alpha " + alpha);
            assertEquals(1 / (4 * (2 * alpha + 1)), variance, 0.006, "alpha " + alpha);
        }
    }

    @Test
    void outOfRangeValuesNameTheFlag() {
        CitraException e = assertThrows(CitraException.class,
                () -> ConfigIO.fromMap(Map.of("label_smoothing", 1.5)).validate());
        assertTrue(e.getMessage().startsWith("--label-smoothing must be between 0"), e.getMessage());
        e = assertThrows(CitraException.class, () -> ConfigIO.fromMap(Map.of("mixup", -1)).validate());
        assertTrue(e.getMessage().startsWith("--mixup"), e.getMessage());
    }

    @Test
    void aRunWithSmoothingMixupAndCutMixStillLearns(@TempDir Path dir) throws Exception {
        Path data = TrainFixtures.shapes(dir, 120, 64, 9);
        Map<String, Object> m = TrainFixtures.smallRun(data, dir.resolve("runs"), "mixed", 32, 5);
        m.put("epochs", 20);
        m.put("lr", 0.003);
        m.put("label_smoothing", 0.1);
        m.put("mixup", 0.2);
        m.put("cutmix", 1.0);
        m.put("val_split", 0.15);
        m.put("test_split", 0.15);
        RunResult r = new TrainingJob(ConfigIO.fromMap(m), TrainFixtures.QUIET).run();
        double accuracy = r.metrics().get("test_accuracy");
        // 4 classes: chance is 0.25.
        assertTrue(accuracy >= 0.8, "test accuracy " + accuracy + " history " + r.history());
    }

    private static float[] randomPixels(long seed) {
        Random r = new Random(seed);
        float[] p = new float[4 * 64];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextFloat();
        }
        return p;
    }
}
