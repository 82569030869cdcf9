package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.data.DecodedImages;
import dev.citra.eval.EpochRecord;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import dev.citra.train.optim.Adam;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Class balance: Keras-style balanced weights, and oversampling that evens out an epoch. */
class BalanceTest {
    @Test
    void balancedWeightsAreNOverClassesTimesCount() {
        // FER-2013's training counts: angry, disgust, fear, happy, neutral, sad, surprise.
        float[] w = ClassifierTrainer.balancedWeights(new int[] {3995, 436, 4097, 7215, 4965, 4830, 3171});
        assertEquals(28709 / (7.0 * 436), w[1], 1e-4);
        assertEquals(28709 / (7.0 * 7215), w[3], 1e-4);
        assertArrayEquals(new float[] {1.5f, 0f, 0.75f}, ClassifierTrainer.balancedWeights(new int[] {2, 0, 4}), 1e-6f);
    }

    @Test
    void weightedLossWithUnitWeightsIsPlainCrossEntropyAndWeightsScaleEachSample() {
        try (ai.djl.ndarray.NDManager m = dev.citra.util.Engines.pytorch().newBaseManager()) {
            float[] raw = {2f, -1f, 0.5f, 0.3f, 0.1f, -2f, 1.2f, 1.1f, 0f};
            ai.djl.ndarray.NDArray logits = m.create(raw, new ai.djl.ndarray.types.Shape(3, 3));
            int[] labels = {0, 2, 1};
            ai.djl.ndarray.NDArray y = m.create(labels);
            float plain = ai.djl.training.loss.Loss.softmaxCrossEntropyLoss()
                    .evaluate(new ai.djl.ndarray.NDList(y), new ai.djl.ndarray.NDList(logits)).getFloat();
            float weighted = ClassifierTrainer.weightedCrossEntropy(m, logits, labels, 3, new float[] {1f, 1f, 1f}).getFloat();
            assertEquals(plain, weighted, 1e-6);
            // By hand: mean of w[label] * -log softmax(row)[label].
            double expected = 0;
            float[] w = {2f, 0.5f, 1f};
            for (int r = 0; r < 3; r++) {
                double z = 0;
                for (int c = 0; c < 3; c++) {
                    z += Math.exp(raw[r * 3 + c]);
                }
                expected += w[labels[r]] * -(raw[r * 3 + labels[r]] - Math.log(z));
            }
            assertEquals(expected / 3, ClassifierTrainer.weightedCrossEntropy(m, logits, labels, 3, w).getFloat(), 1e-5);
        }
    }

    @Test
    void oversamplingGivesEveryClassTheLargestCount() {
        int[] labels = {0, 0, 0, 0, 0, 0, 1, 2, 2};
        int[] order = ClassifierTrainer.oversampled(labels, 3, new Random(1));
        int[] counts = new int[3];
        for (int i : order) {
            counts[labels[i]]++;
        }
        assertArrayEquals(new int[] {6, 6, 6}, counts);
        for (int i = 0; i < labels.length; i++) {
            int index = i;
            assertTrue(Arrays.stream(order).anyMatch(o -> o == index), "every original sample is kept: " + i);
        }
        assertArrayEquals(order, ClassifierTrainer.oversampled(labels, 3, new Random(1)));
    }

    @Test
    void weightedAndOversampledTrainingRunAndUnknownModesAreNamed() {
        ImageSpec spec = new ImageSpec(8, 1, Normalization.UNIT);
        List<float[]> tensors = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 40; i++) {
            int label = i < 32 ? 0 : 1;
            float[] t = new float[64];
            for (int k = 0; k < 64; k++) {
                t[k] = label + random.nextFloat() * 0.5f;
            }
            tensors.add(t);
            labels.add(label);
        }
        DecodedImages train = new DecodedImages(List.of("many", "few"), tensors.toArray(float[][]::new),
                labels.stream().mapToInt(Integer::intValue).toArray(),
                java.util.stream.IntStream.range(0, 40).mapToObj(i -> "x" + i).toList(), List.of(), "fp");
        for (String mode : new String[] {"weights", "oversample"}) {
            TrainConfig config = ConfigIO.fromMap(Map.of("balance", mode, "epochs", 15, "batch", 8, "lr", 0.01,
                    "early_stopping.patience", 0, "reduce_lr.patience", 0)).validate();
            try (Network net = Network.create(ArchitectureRegistry.defaults(),
                    new ArchitectureSpec("custom", List.of(dev.citra.model.LayerSpec.of("flatten")), null, null), spec,
                    List.of("many", "few"), 1); Adam adam = new Adam(0f)) {
                TrainingContext ctx = new ClassifierTrainer(config, List.of()).fit(net, adam, train, train, null, List.of());
                List<EpochRecord> h = ctx.history();
                assertEquals(15, h.size(), mode);
                assertTrue(h.get(14).loss() < h.get(0).loss(), mode + " learns: " + h);
                assertTrue(h.get(14).valAccuracy() >= 0.9, mode + " separates the two classes: " + h);
            }
        }
        CitraException e = assertThrows(CitraException.class, () -> ConfigIO.fromMap(Map.of("balance", "smote")).validate());
        assertEquals("Unknown balance 'smote' in the command line: use one of none, weights, oversample.",
                e.getMessage());
    }
}
