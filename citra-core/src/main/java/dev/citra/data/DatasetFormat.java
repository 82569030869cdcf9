package dev.citra.data;

/**
 * One data set layout citra reads: it recognises its files and loads them. Every format is in
 * {@link DatasetFormats#ALL}; a new layout is a new implementation added to that list (with its
 * {@code --format} name in {@link DataFormat}).
 */
public interface DatasetFormat {
    /** The {@code --format} name this layout answers to (several layouts may share one, as folders do). */
    DataFormat id();

    /** Whether the data at {@code in} is in this layout; cheap, as it is asked of every format in turn. */
    boolean detect(DataInput in);

    /**
     * Reads the labelled data set.
     *
     * @throws dev.citra.CitraException when the data or the options do not fit, in one sentence
     */
    LoadedData load(DataInput in, DataOptions options);
}
