package dev.citra.vision.monitor;

import dev.citra.bundle.ModelBundle;
import dev.citra.bundle.ModelTask;
import dev.citra.image.ImagePreprocessor;
import dev.citra.infer.Classifier;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A citra classifier bundle applied to crops: each crop goes through {@link ImagePreprocessor}
 * with the bundle's own input spec (size, channels, grey, normalisation, resize), as in training.
 */
public final class BundleClassifier implements CropClassifier, AutoCloseable {
    private final Classifier classifier;

    public BundleClassifier(Classifier classifier) {
        this.classifier = classifier;
    }

    /** Loads a classifier bundle (or a run folder's best); other kinds of model are refused by name. */
    public static BundleClassifier load(Path bundle) {
        ModelBundle.requireTask(bundle, ModelTask.CLASSIFY);
        return new BundleClassifier(Classifier.load(bundle));
    }

    public Classifier classifier() {
        return classifier;
    }

    @Override
    public List<String> labels() {
        return classifier.labels();
    }

    @Override
    public float[][] probabilities(List<BufferedImage> crops) {
        if (crops.isEmpty()) {
            return new float[0][];
        }
        float[][] tensors = new float[crops.size()][];
        for (int i = 0; i < tensors.length; i++) {
            tensors[i] = ImagePreprocessor.toTensor(crops.get(i), classifier.input());
        }
        return classifier.probabilities(tensors);
    }

    @Override
    public void close() {
        classifier.close();
    }
}
