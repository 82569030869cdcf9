package dev.citra.data;

import dev.citra.CitraException;
import java.nio.file.Path;

/**
 * The one entry point that opens a data set in whatever supported layout it comes in, detected
 * from its files or forced with {@code --format} ({@link DataFormat}); the layouts are the
 * {@link DatasetFormat}s of {@link DatasetFormats#ALL}, tried in order:
 * <ul>
 *   <li>a FER-2013 CSV: a {@code .csv} file, or any file whose first line is the FER-2013 header;</li>
 *   <li>CelebA eye crops: a folder or {@code .zip} with {@code list_landmarks_align_celeba.txt}
 *       ({@link CelebAEyesSource});</li>
 *   <li>Flickr8k captions: {@code Flickr8k.token.txt} or a {@code captions.txt} CSV
 *       ({@link Flickr8kSource}; these have no classes, see {@link #openCaptions});</li>
 *   <li>MRL Eye: every image file has an MRL Eye name ({@link MrlEyeSource});</li>
 *   <li>otherwise an image folder or {@code .zip}, already split into train/val/test folders or not
 *       ({@link ImageFolderSource#load}).</li>
 * </ul>
 */
public final class DataSource {
    private static final String FIX = "pass a folder, a .zip or a FER-2013 .csv.";

    private DataSource() {}

    /** Opens the labelled data set at {@code path}, detecting its format. */
    public static LoadedData open(Path path) {
        return open(path, DataOptions.defaults());
    }

    /**
     * Opens the labelled data set at {@code path} as {@code options} say.
     *
     * @throws CitraException when the path is missing, a forced format does not fit (naming what
     *     was expected and what was found), the data set has captions rather than classes, labels
     *     are asked of a format that has none to offer, or the source finds a problem
     */
    public static LoadedData open(Path path, DataOptions options) {
        DataInput in = DataInput.of(path, FIX);
        return DatasetFormats.choose(in, options.format()).load(in, options);
    }

    /**
     * Opens the caption data set at {@code path} (Flickr8k, either layout).
     *
     * @throws CitraException when the path is missing or holds no Flickr8k layout
     */
    public static CaptionDataset openCaptions(Path path) {
        DataInput in = DataInput.of(path, "pass a Flickr8k folder or .zip.");
        DatasetFormats.choose(in, DataFormat.FLICKR8K); // names what it found instead
        return Flickr8kSource.load(in.files());
    }

    /** The format of the data set at {@code path}, as {@link #open} would detect it. */
    public static DataFormat detect(Path path) {
        return DatasetFormats.detect(DataInput.of(path, FIX)).id();
    }
}
