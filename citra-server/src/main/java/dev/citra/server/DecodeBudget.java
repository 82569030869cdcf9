package dev.citra.server;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Bounds the pixels the server holds decoded at once. The model queue is bounded, but images are
 * decoded on the request threads before they reach it: without this, thirty-two 40-megapixel
 * uploads at once would ask for 5 GB of heap. A request waits for room up to {@code maxWait}, then
 * gets 503 with Retry-After.
 */
final class DecodeBudget {
    /** Heap bytes one decoded pixel costs at the peak: the RGB int array plus what a reader holds on the side. */
    static final long BYTES_PER_PIXEL = 8;

    private final long capacity;
    private final long maxWaitNanos;
    private long inUse;

    /**
     * @param capacity pixels that may be decoded at once; at least one image of the largest accepted size
     * @param maxWait how long a request waits for room before it is refused
     */
    DecodeBudget(long capacity, Duration maxWait) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, not " + capacity);
        }
        this.capacity = capacity;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /** Half the heap's worth of pixels, and never less than one image of {@code maxPixels}. */
    static DecodeBudget forHeap(long maxPixels, Duration maxWait) {
        return new DecodeBudget(Math.max(maxPixels, Runtime.getRuntime().maxMemory() / 2 / BYTES_PER_PIXEL), maxWait);
    }

    long capacity() {
        return capacity;
    }

    synchronized long inUse() {
        return inUse;
    }

    /**
     * Reserves room for {@code pixels}; close the lease when the decoded image is no longer needed.
     *
     * @throws ApiException 503 when no room was free within the wait
     */
    Lease acquire(long pixels) {
        long need = Math.min(Math.max(pixels, 1), capacity);
        long deadline = System.nanoTime() + maxWaitNanos;
        synchronized (this) {
            try {
                while (inUse + need > capacity) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw ApiException.unavailable(String.format(Locale.ROOT, "The server is decoding %,d pixels of"
                                + " other images and has no room for %,d more: retry in a second, or send a smaller"
                                + " image.", inUse, need), 1);
                    }
                    wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApiException.unavailable("The server is stopping: retry in a moment.", 1);
            }
            inUse += need;
        }
        return new Lease(need);
    }

    private synchronized void release(long pixels) {
        inUse -= pixels;
        notifyAll();
    }

    /** Room held for one decoded image; closing it twice releases it once. */
    final class Lease implements AutoCloseable {
        private final long pixels;
        private boolean closed;

        private Lease(long pixels) {
            this.pixels = pixels;
        }

        @Override
        public void close() {
            synchronized (DecodeBudget.this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            release(pixels);
        }
    }
}
