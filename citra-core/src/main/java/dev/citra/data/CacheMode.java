package dev.citra.data;

import dev.citra.util.Choice;
import java.util.Locale;

/** Where decoded images are kept between epochs ({@code cache:}). */
public enum CacheMode implements Choice {
    /** Picks {@link #RAM}, {@link #DISK} or {@link #NONE} by the decoded size against the heap and the free disk. */
    AUTO,
    /** Every image decoded once into the Java heap (float32), as small data sets have always been. */
    RAM,
    /** Every image decoded once into a memory-mapped file; the heap holds only the batches in flight. */
    DISK,
    /** Nothing kept: every image is read and decoded again each epoch, on the worker threads. */
    NONE;

    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
