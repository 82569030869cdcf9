package dev.citra.data;

/** A file that was left out of a data set, and why (corrupt, truncated, empty, not an image). */
public record SkippedFile(String id, String reason) {}
