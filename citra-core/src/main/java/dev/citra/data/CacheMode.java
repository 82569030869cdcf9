package dev.citra.data;

/** Where decoded images are kept between epochs ({@code cache:}). */
public enum CacheMode {
    /** Picked by the data set's size, and said so. */
    AUTO,
    /** Decoded once, kept in memory. */
    RAM,
    /** Decoded once, kept in a file of the run. */
    DISK,
    /** Decoded again every epoch. */
    NONE
}
