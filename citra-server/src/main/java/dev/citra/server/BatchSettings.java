package dev.citra.server;

import dev.citra.CitraException;
import java.time.Duration;

/**
 * How concurrent requests are gathered into one forward pass.
 *
 * @param maxBatch most images in one forward pass; 1 turns micro-batching off
 * @param maxWait how long the first image of a batch waits for others to join it
 * @param queueCapacity images waiting beyond which requests are refused (503), so a burst cannot
 *     exhaust memory
 */
public record BatchSettings(int maxBatch, Duration maxWait, int queueCapacity) {
    /** 32 images, 5 ms, 256 waiting. */
    public static final BatchSettings DEFAULT = new BatchSettings(32, Duration.ofMillis(5), 256);

    public BatchSettings {
        if (maxBatch < 1 || maxBatch > 1024) {
            throw new CitraException("The largest batch must be between 1 and 1024 images, not " + maxBatch + ".");
        }
        if (maxWait.isNegative() || maxWait.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new CitraException("The batch wait must be between 0 and 1000 ms, not " + maxWait.toMillis() + " ms.");
        }
        if (queueCapacity < 1 || queueCapacity > 100_000) {
            throw new CitraException("The queue must hold between 1 and 100000 images, not " + queueCapacity + ".");
        }
    }

    /** Whether requests are gathered at all. */
    public boolean batching() {
        return maxBatch > 1;
    }
}
