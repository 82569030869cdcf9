package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.citra.image.Augmentation;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches prepared on workers are the same whatever the number of workers, and in order. */
class BatchFeederTest {
    private static final ImageSpec SPEC = new ImageSpec(16, 3, Normalization.UNIT);
    private static final Augmentation S2 = new Augmentation(90.0, 10.0, 10.0, List.of(0.7, 1.3), true, null, null, null);

    private static float[][] images(int n) {
        float[][] out = new float[n][SPEC.tensorLength()];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = (float) ((Math.sin(i * 1.7 + j * 0.31) + 1) / 2);
            }
        }
        return out;
    }

    @Test
    void oneWorkerOrFourGiveTheSameAugmentedBatch() {
        float[][] items = images(12);
        int len = SPEC.tensorLength();
        float[] one;
        float[] four;
        try (BatchFeeder feeder = new BatchFeeder(SPEC, S2, 7, 1)) {
            one = BatchFeeder.await(feeder.prepare(3, 5, items.length, len, i -> items[i]));
        }
        try (BatchFeeder feeder = new BatchFeeder(SPEC, S2, 7, 4)) {
            four = BatchFeeder.await(feeder.prepare(3, 5, items.length, len, i -> items[i]));
            float[] otherBatch = BatchFeeder.await(feeder.prepare(3, 6, items.length, len, i -> items[i]));
            assertFalse(Arrays.equals(four, otherBatch), "another batch draws other augmentations");
        }
        assertArrayEquals(one, four);
        // Augmented: not the plain concatenation.
        float[] plain = new float[items.length * len];
        for (int i = 0; i < items.length; i++) {
            System.arraycopy(items[i], 0, plain, i * len, len);
        }
        assertFalse(Arrays.equals(plain, one));
        try (BatchFeeder feeder = new BatchFeeder(SPEC, null, 7, 3)) {
            assertArrayEquals(plain, BatchFeeder.await(feeder.prepare(1, 0, items.length, len, i -> items[i])));
        }
    }
}
