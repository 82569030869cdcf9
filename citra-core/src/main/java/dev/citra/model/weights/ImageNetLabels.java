package dev.citra.model.weights;

import dev.citra.CitraException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Class names for pretrained classifiers: a text file with one label per line. A first line
 * {@code background} (TensorFlow's 1001-class ImageNet lists) is dropped, so line i + 2 of such
 * a file is Keras class i.
 */
public final class ImageNetLabels {
    /** ImageNet-1k's class count, as Keras Applications use it. */
    public static final int IMAGENET_CLASSES = 1000;

    private ImageNetLabels() {}

    /** Reads a labels file: non-blank lines, trimmed, without a leading {@code background} line. */
    public static List<String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CitraException("Labels file " + file + " does not exist: pass a text file with one label per line.");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read labels file " + file, e);
        }
        List<String> labels = new ArrayList<>();
        for (String line : lines) {
            String l = line.strip();
            if (!l.isEmpty()) {
                labels.add(l);
            }
        }
        if (!labels.isEmpty() && labels.get(0).equalsIgnoreCase("background")) {
            labels.remove(0);
        }
        if (labels.size() < 2) {
            throw new CitraException("Labels file " + file + " has " + labels.size()
                    + " labels: it needs one label per line, at least 2.");
        }
        return List.copyOf(labels);
    }

    /** Reads a labels file and checks it has {@code classes} labels (after dropping {@code background}). */
    public static List<String> read(Path file, int classes) {
        List<String> labels = read(file);
        if (labels.size() != classes) {
            throw new CitraException("Labels file " + file + " has " + labels.size() + " labels but the model has "
                    + classes + " classes: pass " + classes + " lines (or " + (classes + 1)
                    + " with 'background' first).");
        }
        return labels;
    }
}
