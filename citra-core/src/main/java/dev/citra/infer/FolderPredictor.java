package dev.citra.infer;

import dev.citra.CitraException;
import dev.citra.data.ImageFolderSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Classifies many image files, a chunk at a time so memory stays bounded however many there are.
 * A file that cannot be read becomes a row with its error; the others go on.
 */
public final class FolderPredictor {
    /** Images decoded and held at once. */
    public static final int CHUNK = 64;

    private FolderPredictor() {}

    /** Image files (by extension) under {@code folder}, recursively, sorted; hidden files are left out. */
    public static List<Path> imagesIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new CitraException("Folder " + folder + " does not exist: pass a folder of images.");
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).filter(FolderPredictor::isImageName).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + folder, e);
        }
    }

    /** The top {@code k} classes of every image under {@code folder}, in {@link #imagesIn} order. */
    public static List<ImagePrediction> predictFolder(Classifier classifier, Path folder, int k) {
        return predict(classifier, imagesIn(folder), k);
    }

    /** The top {@code k} classes of each file, in order. */
    public static List<ImagePrediction> predict(Classifier classifier, List<Path> images, int k) {
        List<ImagePrediction> rows = new ArrayList<>(images.size());
        predict(classifier, images, k, rows::add);
        return rows;
    }

    /** Passes each file's row to {@code sink} as soon as its chunk is done, in order. */
    public static void predict(Classifier classifier, List<Path> images, int k, Consumer<ImagePrediction> sink) {
        for (int start = 0; start < images.size(); start += CHUNK) {
            List<Path> chunk = images.subList(start, Math.min(images.size(), start + CHUNK));
            List<BufferedImage> decoded = new ArrayList<>();
            String[] errors = new String[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                try {
                    decoded.add(classifier.decode(chunk.get(i)));
                } catch (CitraException e) {
                    errors[i] = e.getMessage();
                } catch (UncheckedIOException e) {
                    errors[i] = e.getMessage() + ": " + e.getCause().getMessage();
                }
            }
            List<List<Prediction>> predictions = decoded.isEmpty() ? List.of() : classifier.predictAll(decoded, k);
            int next = 0;
            for (int i = 0; i < chunk.size(); i++) {
                String image = chunk.get(i).toString();
                sink.accept(errors[i] != null ? ImagePrediction.failed(image, errors[i])
                        : ImagePrediction.of(image, predictions.get(next++)));
            }
        }
    }

    private static boolean isImageName(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0
                && ImageFolderSource.IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
