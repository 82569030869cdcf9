package dev.citra.graph;

/** A compiled graph loaded in a {@link GraphRuntime}, ready to run. Thread-safe; close it to free it. */
public interface GraphSession extends AutoCloseable {
    /**
     * The logits of {@code n} images.
     *
     * @param pixels n images (C, H, W) one after another, from index 0
     * @return n × classes logits, image after image
     */
    float[] logits(float[] pixels, int n);

    @Override
    void close();
}
