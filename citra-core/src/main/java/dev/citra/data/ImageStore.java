package dev.citra.data;

import java.util.List;

/**
 * Labelled images ready for a network, read one at a time by index: held in memory
 * ({@link DecodedImages}), in a memory-mapped file or decoded on demand ({@link StreamedImages}).
 * Training and evaluation read through this, so they do not care which.
 *
 * <p>{@link #tensor} may be called from several threads at once.
 */
public interface ImageStore {
    /** Class names; a label indexes this list. */
    List<String> classes();

    /** The label of each image (do not modify). */
    int[] labels();

    /** The sample id of each image. */
    List<String> ids();

    /** Hex SHA-256 of the ids, labels and bytes of the images, in order (see {@link ImageLoader#decodeAll}). */
    String fingerprint();

    /**
     * Samples that could not be read or decoded, with the reason: those found when the store was
     * made and, for a store that decodes on demand, those found since.
     */
    List<SkippedFile> skipped();

    /** Image {@code index} as a CHW float array; treat it as read-only. */
    float[] tensor(int index);

    /** Number of images. */
    default int size() {
        return labels().length;
    }

    /** Images per class, indexed like {@link #classes()}. */
    default int[] classCounts() {
        int[] counts = new int[classes().size()];
        for (int label : labels()) {
            counts[label]++;
        }
        return counts;
    }
}
