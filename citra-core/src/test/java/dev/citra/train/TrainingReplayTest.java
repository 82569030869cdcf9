package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.data.DecodedImages;
import dev.citra.image.Augmentation;
import dev.citra.image.ImageSpec;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.Network;
import dev.citra.train.optim.Optimizer;
import dev.citra.train.optim.Optimizers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every batch a training step receives, augmented on four workers with the next batch prepared
 * meanwhile, equals the same batch replayed alone on one thread; it is not touched while the step
 * runs; and every loss is finite (the trainer stops on the first that is not).
 */
class TrainingReplayTest {
    private static DecodedImages images(ImageSpec spec, int n, long seed) {
        Random r = new Random(seed);
        float[][] tensors = new float[n][spec.tensorLength()];
        int[] labels = new int[n];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int j = 0; j < tensors[i].length; j++) {
                int channel = j / (spec.size() * spec.size());
                tensors[i][j] = (float) ((channel == labels[i] ? 0.4 : 0) + r.nextGaussian() * 0.3);
            }
            ids.add("img" + i);
        }
        return new DecodedImages(List.of("r", "g", "b"), tensors, labels, ids, List.of(), "replay-" + seed);
    }

    @Test
    void augmentedBatchesEqualTheirReplayAndLossesStayFinite() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("img_size", 16);
        m.put("batch", 8);
        m.put("epochs", 30);
        m.put("lr", 0.003);
        m.put("seed", 13);
        m.put("workers", 4);
        m.put("dropout", 0.25);
        m.put("augment", Map.of("rotation_range", 15, "width_shift_range", 0.1, "height_shift_range", 0.1,
                "zoom_range", List.of(0.9, 1.1), "horizontal_flip", true));
        TrainConfig config = ConfigIO.fromMap(m).validate();
        ImageSpec spec = config.imageSpec();
        DecodedImages train = images(spec, 53, 1); // 7 batches, the last one short
        DecodedImages val = images(spec, 12, 2);
        Augmentation augment = config.augment();
        int len = spec.tensorLength();
        List<String> mismatches = new ArrayList<>();
        int[] checked = {0};
        ClassifierTrainer.BatchTap replay = (epoch, batch, inputs, labels, count, afterStep) -> {
            int[] order = ClassifierTrainer.epochOrder(config, train.labels(), 3, epoch);
            int from = batch * config.optimisation().batch();
            float[] expected;
            try (BatchFeeder alone = new BatchFeeder(spec, augment, config.seed(), 1)) {
                expected = BatchFeeder.await(alone.prepare(epoch, batch, count, len, i -> train.tensors()[order[from + i]]));
            }
            if (!Arrays.equals(Arrays.copyOf(expected, count * len), Arrays.copyOf(inputs, count * len))) {
                mismatches.add("epoch " + epoch + " batch " + batch + (afterStep ? " after the step" : ""));
            }
            for (int i = 0; i < count; i++) {
                assertEquals(train.labels()[order[from + i]], labels[i]);
            }
            checked[0]++;
        };
        try (Network network = Network.create(ArchitectureRegistry.defaults(), config.model().architecture(), spec,
                train.classes(), config.seed());
                Optimizer optimizer = Optimizers.create("adam", 0, 0)) {
            TrainingContext ctx = new ClassifierTrainer(config, List.of()).withTap(replay)
                    .fit(network, optimizer, train, val, null, List.of());
            assertEquals(30, ctx.history().size());
            assertTrue(ctx.history().stream().allMatch(r -> Double.isFinite(r.loss()) && Double.isFinite(r.valLoss())));
        }
        assertEquals(30 * 7 * 2, checked[0]);
        assertEquals(List.of(), mismatches);
    }
}
