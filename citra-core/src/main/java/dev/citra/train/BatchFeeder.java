package dev.citra.train;

import dev.citra.image.Augmentation;
import dev.citra.image.ImageSpec;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/**
 * Assembles training batches on worker threads: each image of a batch is augmented as its own
 * task, and the next batch is prepared while the current one trains. Every image's augmentation
 * is seeded by (seed, epoch, batch, position), so the images are the same whatever the number of
 * workers, and a resumed run sees the same ones.
 */
public final class BatchFeeder implements AutoCloseable {
    private final ExecutorService pool;
    private final ImageSpec spec;
    private final Augmentation augment;
    private final long seed;
    /**
     * Batch arrays in turn: one trains while the next ones are prepared, without a new array per
     * batch; {@code ahead + 1} of them bound the memory the feed takes.
     */
    private final float[][] buffers;

    /**
     * A feeder that prepares one batch ahead.
     *
     * @param augment null for none
     * @param workers threads that prepare images
     */
    public BatchFeeder(ImageSpec spec, Augmentation augment, long seed, int workers) {
        this(spec, augment, seed, workers, 1);
    }

    /**
     * A feeder that may have up to {@code ahead} batches in preparation while the caller works on
     * the one before them.
     */
    public BatchFeeder(ImageSpec spec, Augmentation augment, long seed, int workers, int ahead) {
        this.buffers = new float[Math.max(1, ahead) + 1][];
        this.spec = spec;
        this.augment = augment;
        this.seed = seed;
        this.pool = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
            Thread t = new Thread(r, "citra-batch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts preparing batch {@code batch} of {@code epoch}: the {@code count} items
     * {@code items.apply(i)} (images, or cached features), augmented unless {@code augment} is
     * null, concatenated into the first {@code count × itemLength} floats of an array that is
     * reused for batch {@code batch + ahead + 1}: copy it before preparing that one. The items are
     * fetched on the workers, so {@code items} may decode.
     */
    public CompletableFuture<float[]> prepare(int epoch, int batch, int count, int itemLength, IntFunction<float[]> items) {
        int slot = batch % buffers.length;
        if (buffers[slot] == null || buffers[slot].length < count * itemLength) {
            buffers[slot] = new float[count * itemLength];
        }
        float[] out = buffers[slot];
        CompletableFuture<?>[] parts = new CompletableFuture<?>[count];
        for (int i = 0; i < count; i++) {
            int position = i;
            parts[i] = CompletableFuture.runAsync(() -> {
                float[] item = items.apply(position);
                if (augment != null) {
                    Random random = new Random(seed * 7_919L + epoch * 1_000_003L + batch * 4_099L + position);
                    item = augment.apply(item, spec, random);
                }
                System.arraycopy(item, 0, out, position * itemLength, itemLength);
            }, pool);
        }
        return CompletableFuture.allOf(parts).thenApply(done -> out);
    }

    /** Waits for a batch started with {@link #prepare}. */
    public static float[] await(CompletableFuture<float[]> batch) {
        try {
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
