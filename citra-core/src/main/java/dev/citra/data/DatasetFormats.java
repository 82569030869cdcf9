package dev.citra.data;

import dev.citra.CitraException;
import java.util.List;

/** Every data set layout citra reads, and how one is picked for a path. */
public final class DatasetFormats {
    /**
     * In the order they are tried: the first that recognises the data wins, so the specific
     * layouts come first and the plain class folders, which take any folder, last.
     */
    public static final List<DatasetFormat> ALL = List.of(
            new Fer2013CsvFormat(),
            new CelebAEyesFormat(),
            new Flickr8kFormat(),
            new MrlEyeFormat(),
            new SplitFolderFormat(),
            new ImageFolderFormat());

    private DatasetFormats() {}

    /** The first format that recognises {@code in}. */
    public static DatasetFormat detect(DataInput in) {
        return ALL.stream().filter(f -> f.detect(in)).findFirst().orElseThrow(
                () -> new IllegalStateException("No format claims " + in.path() + "; the class folders take any folder"));
    }

    /**
     * The format to read {@code in} with: the detected one for {@link DataFormat#AUTO}, else the
     * first layout of the {@code requested} name that recognises the data.
     *
     * @throws CitraException naming what was expected and what was found, when none does
     */
    public static DatasetFormat choose(DataInput in, DataFormat requested) {
        DatasetFormat detected = detect(in);
        if (requested == DataFormat.AUTO || detected.id() == requested) {
            return detected;
        }
        return ALL.stream().filter(f -> f.id() == requested && f.detect(in)).findFirst()
                .orElseThrow(() -> mismatch(in, requested, detected.id()));
    }

    static CitraException mismatch(DataInput in, DataFormat requested, DataFormat found) {
        return new CitraException("--format " + requested.id() + " does not fit " + in.path() + ": expected "
                + requested.description() + ", but found " + found.description() + ".");
    }
}
