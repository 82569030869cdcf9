package dev.citra.data;

/**
 * One labelled image of a data set.
 *
 * @param id a stable, human readable id: the path relative to the data set root (also the key of
 *     split file lists and of the data fingerprint)
 * @param label index into the data set's class list
 * @param source how to read the encoded image bytes
 */
public record Sample(String id, int label, ByteSource source) {}
