package dev.citra.data;

import java.util.List;

/**
 * A labelled image data set: the class names (index = label), the samples, and the files that
 * were found but left out (with the reason), so reports can count them.
 *
 * @param classes class names; a sample's label indexes this list
 * @param samples the samples, in a stable order
 * @param skipped files left out while listing or decoding
 */
public record ImageDataset(List<String> classes, List<Sample> samples, List<SkippedFile> skipped) {
    public ImageDataset {
        classes = List.copyOf(classes);
        samples = List.copyOf(samples);
        skipped = List.copyOf(skipped);
    }

    public ImageDataset(List<String> classes, List<Sample> samples) {
        this(classes, samples, List.of());
    }

    /** Number of samples per class, indexed like {@link #classes()}. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (Sample s : samples) {
            counts[s.label()]++;
        }
        return counts;
    }

    /** The same classes with another set of samples and no skipped files. */
    public ImageDataset withSamples(List<Sample> other) {
        return new ImageDataset(classes, other, List.of());
    }

    public int size() {
        return samples.size();
    }
}
