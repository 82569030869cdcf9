package dev.citra.server;

/** Told about each forward pass a {@link MicroBatcher} runs (for metrics). */
@FunctionalInterface
public interface BatchListener {
    BatchListener NONE = (model, size, nanos) -> {};

    void onBatch(String model, int size, long nanos);
}
