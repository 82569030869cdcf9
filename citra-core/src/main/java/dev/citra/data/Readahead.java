package dev.citra.data;

import dev.citra.CitraException;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Reads images of a store one after the other, with the next few decoded ahead on worker threads:
 * an evaluation pass over a store that decodes at every read keeps the workers busy while the
 * network runs. Over images in memory it just reads them. Not thread-safe: one reader.
 */
public final class Readahead implements IntFunction<float[]>, AutoCloseable {
    private final ImageStore store;
    private final int[] indices;
    private final int window;
    private final ExecutorService pool;
    private final ArrayDeque<Future<float[]>> ahead = new ArrayDeque<>();
    /** The next position to start decoding, and the position the next call is expected to ask for. */
    private int started;
    private int expected;

    private Readahead(ImageStore store, int[] indices, int workers, int window) {
        this.store = store;
        this.indices = indices;
        this.window = Math.max(1, window);
        this.pool = store instanceof DecodedImages ? null
                : Executors.newFixedThreadPool(Math.max(1, workers), ImageLoader.daemonThreads());
    }

    /**
     * Reads {@code store}'s images at {@code indices} (null: all, in order) by position, keeping up
     * to {@code window} of them decoding ahead on {@code workers} threads.
     */
    public static Readahead of(ImageStore store, int[] indices, int workers, int window) {
        return new Readahead(store, indices, workers, window);
    }

    /** Number of images to read. */
    public int size() {
        return indices == null ? store.size() : indices.length;
    }

    /** The image at {@code position}; fastest when positions are asked for in increasing order from 0. */
    @Override
    public float[] apply(int position) {
        if (pool == null) {
            return store.tensor(index(position));
        }
        if (position != expected) {
            ahead.forEach(f -> f.cancel(true));
            ahead.clear();
            started = position;
        }
        while (started < size() && started < position + window) {
            int index = index(started++);
            ahead.add(pool.submit(() -> store.tensor(index)));
        }
        expected = position + 1;
        try {
            return ahead.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CitraException("Reading images was interrupted: run the command again.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private int index(int position) {
        return indices == null ? position : indices[position];
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
