package dev.citra.data;

import dev.citra.CitraException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The one entry point that opens a data set in whatever supported layout it comes in, detected
 * from its files or forced with {@code --format} ({@link DataFormat}):
 * <ul>
 *   <li>a FER-2013 CSV: a {@code .csv} file, or any file whose first line is the FER-2013 header;</li>
 *   <li>CelebA eye crops: a folder or {@code .zip} with {@code list_landmarks_align_celeba.txt}
 *       ({@link CelebAEyesSource});</li>
 *   <li>Flickr8k captions: {@code Flickr8k.token.txt} or a {@code captions.txt} CSV
 *       ({@link Flickr8kSource}; these have no classes, see {@link #openCaptions});</li>
 *   <li>MRL Eye: every image file has an MRL Eye name ({@link MrlEyeSource});</li>
 *   <li>otherwise an image folder or {@code .zip} ({@link ImageFolderSource#load}).</li>
 * </ul>
 */
public final class DataSource {
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
        DataFormat format = options.format();
        if (isCsv(path)) {
            if (format != DataFormat.AUTO && format != DataFormat.FER2013_CSV) {
                throw mismatch(path, format, DataFormat.FER2013_CSV.description());
            }
            noLabel(options, path, DataFormat.FER2013_CSV);
            return Fer2013CsvSource.open(path);
        }
        if (!Files.exists(path)) {
            throw new CitraException("Data path " + path + " does not exist: pass a folder, a .zip or a FER-2013 .csv.");
        }
        path = zipInside(path);
        DataFiles files = DataFiles.open(path);
        DataFormat detected = detect(files);
        if (format == DataFormat.FER2013_CSV) {
            throw mismatch(path, format, detected.description());
        }
        if (format == DataFormat.AUTO) {
            format = detected;
        } else if (format != detected && format != DataFormat.FOLDER && !fits(files, format)) {
            throw mismatch(path, format, detected.description());
        }
        return switch (format) {
            case CELEBA_EYES -> CelebAEyesSource.load(files, options.label(), options.eye(), options.eyeMargin());
            case MRL_EYE -> MrlEyeSource.load(files, options.label());
            case FLICKR8K -> throw new CitraException("Data path " + path + " is a Flickr8k caption data set: it has "
                    + "captions, not classes, so no classifier trains or evaluates on it; look at it with citra data inspect.");
            default -> {
                noLabel(options, path, DataFormat.FOLDER);
                yield ImageFolderSource.load(files);
            }
        };
    }

    /**
     * The one {@code .zip} of a folder that holds nothing else (the folder a download landed in),
     * or the path itself.
     */
    static Path zipInside(Path path) {
        if (!Files.isDirectory(path)) {
            return path;
        }
        try (Stream<Path> entries = Files.list(path)) {
            List<Path> visible = entries.filter(p -> !p.getFileName().toString().startsWith(".")
                    && !p.getFileName().toString().equals("__MACOSX")).toList();
            if (visible.size() == 1 && Files.isRegularFile(visible.get(0))
                    && visible.get(0).getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
                return visible.get(0);
            }
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the caption data set at {@code path} (Flickr8k, either layout).
     *
     * @throws CitraException when the path is missing or holds no Flickr8k layout
     */
    public static CaptionDataset openCaptions(Path path) {
        if (!Files.exists(path)) {
            throw new CitraException("Data path " + path + " does not exist: pass a Flickr8k folder or .zip.");
        }
        if (isCsv(path)) {
            throw mismatch(path, DataFormat.FLICKR8K, DataFormat.FER2013_CSV.description());
        }
        DataFiles files = DataFiles.open(zipInside(path));
        if (!fits(files, DataFormat.FLICKR8K)) {
            throw mismatch(path, DataFormat.FLICKR8K, detect(files).description());
        }
        return Flickr8kSource.load(files);
    }

    /** The format of the data set at {@code path}, as {@link #open} would detect it. */
    public static DataFormat detect(Path path) {
        if (isCsv(path)) {
            return DataFormat.FER2013_CSV;
        }
        if (!Files.exists(path)) {
            throw new CitraException("Data path " + path + " does not exist: pass a folder, a .zip or a FER-2013 .csv.");
        }
        return detect(DataFiles.open(path));
    }

    /** The format of listed files: CelebA, then Flickr8k, then MRL Eye, else an image folder. */
    public static DataFormat detect(DataFiles files) {
        for (DataFormat f : new DataFormat[] {DataFormat.CELEBA_EYES, DataFormat.FLICKR8K, DataFormat.MRL_EYE}) {
            if (fits(files, f)) {
                return f;
            }
        }
        return DataFormat.FOLDER;
    }

    private static boolean fits(DataFiles files, DataFormat format) {
        return switch (format) {
            case CELEBA_EYES -> CelebAEyesSource.landmarkFile(files).isPresent();
            case FLICKR8K -> Flickr8kSource.captionFile(files).isPresent();
            case MRL_EYE -> MrlEyeSource.matches(files);
            default -> true;
        };
    }

    private static CitraException mismatch(Path path, DataFormat format, String found) {
        return new CitraException("--format " + format.id() + " does not fit " + path + ": expected "
                + format.description() + ", but found " + found + ".");
    }

    /** Labels other than their own make sense only for MRL Eye names and CelebA attributes. */
    private static void noLabel(DataOptions options, Path path, DataFormat format) {
        if (options.label() != null) {
            throw new CitraException("--label " + options.label() + " does not apply to " + path + " (" + format.id()
                    + ", labelled by " + (format == DataFormat.FOLDER ? "its class folders" : "its emotion column")
                    + "): --label picks a field of MRL Eye file names (mrl-eye) or a CelebA attribute (celeba-eyes).");
        }
    }

    /** Whether {@code path} is a file to read as CSV: named {@code .csv}, or starting with the FER-2013 header. */
    private static boolean isCsv(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                || Fer2013CsvSource.isHeader(firstLine(path));
    }

    /** The first line, if the file starts like text; "" otherwise. */
    private static String firstLine(Path path) {
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.ISO_8859_1)) {
            char[] head = new char[200];
            int n = in.read(head);
            if (n <= 0) {
                return "";
            }
            String text = new String(head, 0, n);
            int eol = text.indexOf('\n');
            return eol < 0 ? "" : text.substring(0, eol);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path + ": " + e.getMessage(), e);
        }
    }
}
