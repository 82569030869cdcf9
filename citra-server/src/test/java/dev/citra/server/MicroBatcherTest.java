package dev.citra.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {
    /** Echoes each tensor's first value, so every caller can check it got its own row back. */
    private static float[][] echo(float[][] tensors) {
        float[][] out = new float[tensors.length][1];
        for (int i = 0; i < tensors.length; i++) {
            out[i][0] = tensors[i][0];
        }
        return out;
    }

    @Test
    void gathersWaitingImagesIntoOnePassAndAnswersEachItsOwnRow() throws Exception {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        BatchFunction blockFirst = tensors -> {
            if (sizes.isEmpty()) {
                firstRunning.countDown();
                await(release);
            }
            sizes.add(tensors.length);
            return echo(tensors);
        };
        try (MicroBatcher batcher = new MicroBatcher("m", blockFirst, Fixtures.settings(8, 50, 64), BatchListener.NONE)) {
            CompletableFuture<float[]> first = batcher.submit(new float[] {-1});
            // While the first pass runs, ten more arrive: they go in batches of at most 8.
            assertTrue(firstRunning.await(5, TimeUnit.SECONDS));
            List<CompletableFuture<float[]>> rest = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                rest.add(batcher.submit(new float[] {i}));
            }
            release.countDown();
            assertEquals(-1f, first.get(5, TimeUnit.SECONDS)[0]);
            for (int i = 0; i < 10; i++) {
                assertEquals(i, rest.get(i).get(5, TimeUnit.SECONDS)[0]);
            }
            assertEquals(List.of(1, 8, 2), sizes);
        }
    }

    @Test
    void aLoneImageRunsOnceItsWaitIsOver() throws Exception {
        try (MicroBatcher batcher = new MicroBatcher("m", MicroBatcherTest::echo, Fixtures.settings(32, 20, 4),
                BatchListener.NONE)) {
            long start = System.nanoTime();
            assertEquals(3f, batcher.submit(new float[] {3}).get(5, TimeUnit.SECONDS)[0]);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
        }
    }

    @Test
    void aFullQueueRefusesAtOnce() throws Exception {
        CountDownLatch running0 = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BatchFunction blocked = tensors -> {
            running0.countDown();
            await(release);
            return echo(tensors);
        };
        try (MicroBatcher batcher = new MicroBatcher("m", blocked, Fixtures.settings(1, 0, 2), BatchListener.NONE)) {
            CompletableFuture<float[]> running = batcher.submit(new float[] {0});
            assertTrue(running0.await(5, TimeUnit.SECONDS)); // taken off the queue by the worker
            batcher.submit(new float[] {1});
            batcher.submit(new float[] {2});
            assertEquals(2, batcher.queueLength());
            OverloadedException e = assertThrows(OverloadedException.class, () -> batcher.submit(new float[] {3}));
            assertTrue(e.getMessage().contains("--queue"), e.getMessage());
            release.countDown();
            assertEquals(0f, running.get(5, TimeUnit.SECONDS)[0]);
        }
    }

    @Test
    void aFailingPassFailsEveryImageInItAndTheNextPassRuns() throws Exception {
        BatchFunction failsOnNegative = tensors -> {
            if (tensors[0][0] < 0) {
                throw new IllegalStateException("broken");
            }
            return echo(tensors);
        };
        try (MicroBatcher batcher = new MicroBatcher("m", failsOnNegative, Fixtures.settings(1, 0, 8), BatchListener.NONE)) {
            CompletableFuture<float[]> bad = batcher.submit(new float[] {-1});
            CompletableFuture<float[]> good = batcher.submit(new float[] {2});
            assertThrows(java.util.concurrent.ExecutionException.class, () -> bad.get(5, TimeUnit.SECONDS));
            assertEquals(2f, good.get(5, TimeUnit.SECONDS)[0]);
        }
    }

    @Test
    void closeRunsWhatIsQueuedThenRefuses() throws Exception {
        MicroBatcher batcher = new MicroBatcher("m", MicroBatcherTest::echo, Fixtures.settings(4, 100, 8), BatchListener.NONE);
        CompletableFuture<float[]> queued = batcher.submit(new float[] {5});
        batcher.close();
        assertEquals(5f, queued.get(1, TimeUnit.SECONDS)[0]);
        assertThrows(OverloadedException.class, () -> batcher.submit(new float[] {6}));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
