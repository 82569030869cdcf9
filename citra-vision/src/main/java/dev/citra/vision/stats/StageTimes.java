package dev.citra.vision.stats;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Time spent in each {@link Stage} and how many frames went through it. Thread-safe: decoding
 * and encoding are timed in their own threads.
 */
public final class StageTimes {
    private final AtomicLongArray nanos = new AtomicLongArray(Stage.values().length);
    private final AtomicLongArray counts = new AtomicLongArray(Stage.values().length);

    /** Adds one pass through {@code stage} that started at {@code startNanos} ({@link System#nanoTime()}). */
    public void since(Stage stage, long startNanos) {
        add(stage, System.nanoTime() - startNanos);
    }

    /** Adds one pass of {@code elapsedNanos} through {@code stage}. */
    public void add(Stage stage, long elapsedNanos) {
        nanos.addAndGet(stage.ordinal(), elapsedNanos);
        counts.incrementAndGet(stage.ordinal());
    }

    /** Milliseconds per pass through each stage that was used, in pipeline order. */
    public Map<Stage, Double> meanMillis() {
        Map<Stage, Double> out = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            long n = counts.get(s.ordinal());
            if (n > 0) {
                out.put(s, nanos.get(s.ordinal()) / 1e6 / n);
            }
        }
        return out;
    }

    /** How many passes a stage had. */
    public long count(Stage stage) {
        return counts.get(stage.ordinal());
    }

    /** Total milliseconds spent in a stage. */
    public double totalMillis(Stage stage) {
        return nanos.get(stage.ordinal()) / 1e6;
    }
}
