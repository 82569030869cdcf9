package dev.citra.train;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The batches of one pass, started in order and taken in order, with at most {@code ahead} of them
 * in preparation beyond the one the caller holds: the memory of the feed stays bounded however
 * slowly the caller trains, while the workers run ahead of it.
 */
public final class Prefetch {
    private final int batches;
    private final int ahead;
    private final IntFunction<CompletableFuture<float[]>> start;
    private final ArrayDeque<CompletableFuture<float[]>> queue = new ArrayDeque<>();
    private int started;

    /**
     * @param start starts preparing batch {@code b}; its array may be reused for batch
     *     {@code b + ahead + 1} ({@link BatchFeeder} with the same {@code ahead})
     */
    public Prefetch(int batches, int ahead, IntFunction<CompletableFuture<float[]>> start) {
        this.batches = batches;
        this.ahead = Math.max(1, ahead);
        this.start = start;
        fill();
    }

    /**
     * Waits for the next batch and starts the one {@code ahead} after it. The array returned
     * stays intact until the next call.
     */
    public float[] take() {
        float[] batch = BatchFeeder.await(queue.poll());
        fill();
        return batch;
    }

    /** Batches started and not yet taken. */
    public int inFlight() {
        return queue.size();
    }

    private void fill() {
        while (queue.size() < ahead && started < batches) {
            queue.add(start.apply(started++));
        }
    }
}
