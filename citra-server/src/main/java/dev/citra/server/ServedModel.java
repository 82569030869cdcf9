package dev.citra.server;

import dev.citra.bundle.ModelTask;

/**
 * A model the server answers for. Each {@link ModelTask} has its own kind ({@link ServedClassifier} behind
 * {@code predict}, {@link ServedCaptioner} behind {@code caption}), and the routes dispatch on it.
 */
public interface ServedModel extends AutoCloseable {
    /** The name in URLs: letters, digits, dot, dash and underscore only. */
    String name();

    ModelTask task();

    /** What {@code GET /api/models} says about it. */
    ModelInfo info();

    /** Images waiting for the model (for metrics). */
    int queueLength();

    /** Runs what is queued, then frees the model. */
    @Override
    void close();
}
