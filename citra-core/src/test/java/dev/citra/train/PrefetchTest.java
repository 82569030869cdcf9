package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The feed runs ahead of training by at most its bound, however fast the workers are, and a batch
 * handed out is not overwritten by the ones prepared after it.
 */
class PrefetchTest {
    private static final ImageSpec SPEC = new ImageSpec(8, 1, Normalization.UNIT);

    @Test
    void neverMoreThanAheadBatchesInFlightAndEveryBatchInOrder() {
        int ahead = 3;
        int batches = 20;
        AtomicInteger started = new AtomicInteger();
        int[] taken = {0};
        int[] most = {0};
        Prefetch prefetch = new Prefetch(batches, ahead, b -> {
            assertEquals(started.getAndIncrement(), b, "batches start in order");
            most[0] = Math.max(most[0], started.get() - taken[0]);
            return CompletableFuture.completedFuture(new float[] {b});
        });
        assertEquals(ahead, prefetch.inFlight(), "it starts by filling its queue");
        for (int b = 0; b < batches; b++) {
            float[] batch = prefetch.take();
            taken[0]++;
            assertEquals(b, (int) batch[0]);
            assertTrue(prefetch.inFlight() <= ahead, "in flight " + prefetch.inFlight());
        }
        assertEquals(batches, started.get());
        assertEquals(0, prefetch.inFlight());
        // The one held, plus the ones queued.
        assertEquals(ahead + 1, most[0]);
    }

    @Test
    void aBatchHandedOutStaysIntactWhileTheNextOnesArePrepared() throws InterruptedException {
        int ahead = ClassifierTrainer.PREFETCH;
        int len = SPEC.tensorLength();
        int count = 5;
        List<float[]> seen = new ArrayList<>();
        try (BatchFeeder feeder = new BatchFeeder(SPEC, null, 1, 4, ahead)) {
            Prefetch prefetch = new Prefetch(12, ahead, b -> feeder.prepare(0, b, count, len, i -> {
                float[] item = new float[len];
                Arrays.fill(item, b * 100 + i);
                return item;
            }));
            for (int b = 0; b < 12; b++) {
                float[] batch = prefetch.take();
                float[] copy = Arrays.copyOf(batch, count * len);
                // Let the workers finish everything queued behind it before looking again.
                Thread.sleep(20);
                seen.add(copy);
                for (int i = 0; i < count; i++) {
                    assertEquals(b * 100 + i, batch[i * len], "batch " + b + " image " + i);
                }
                assertArrayEquals(copy, Arrays.copyOf(batch, count * len));
            }
        }
        assertEquals(12, seen.size());
    }
}
