package dev.citra.infer;

import ai.djl.ndarray.types.Shape;
import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.image.ImageDecoder;
import dev.citra.image.ImagePreprocessor;
import dev.citra.image.ImageSpec;
import dev.citra.model.Network;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;

/**
 * A trained image classifier loaded from a bundle: decodes, pre-processes exactly as in
 * training, and returns the top-k labels. Thread-safe: pre-processing runs in the caller's
 * thread; the network runs one batch at a time, so many callers are served by batching.
 */
public final class Classifier implements AutoCloseable {
    /** Images a network pass takes unless {@link #batchSize(int)} says otherwise. */
    public static final int DEFAULT_BATCH = 32;

    private final Network network;
    private final CompiledRunner runner;
    private final BundleMetadata metadata;
    private final ImageDecoder decoder = new ImageDecoder();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile TestTimeAugmentation tta = TestTimeAugmentation.NONE;
    private volatile int batch = DEFAULT_BATCH;

    private Classifier(Network network, BundleMetadata metadata, InferenceRuntime runtime) {
        this.network = network;
        this.metadata = metadata;
        try {
            this.runner = CompiledRunner.open(network, runtime);
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /**
     * Wraps a network built in memory (for example with imported weights) and runs it in the
     * {@link InferenceRuntime#configured() configured} runtime; the classifier owns it from here
     * and closes it.
     */
    public static Classifier of(Network network, BundleMetadata metadata) {
        return new Classifier(network, metadata, InferenceRuntime.configured());
    }

    /** Loads a bundle folder, or the best checkpoint of a run folder, in the {@link InferenceRuntime#configured() configured} runtime. */
    public static Classifier load(Path path) {
        return load(path, InferenceRuntime.configured());
    }

    /** Loads a bundle folder, or the best checkpoint of a run folder, to run in {@code runtime}. */
    public static Classifier load(Path path, InferenceRuntime runtime) {
        Path dir = ModelBundle.resolve(path);
        BundleMetadata meta = ModelBundle.readMetadata(dir);
        return new Classifier(ModelBundle.load(dir), meta, runtime);
    }

    /** The runtime that runs the network ({@link InferenceRuntime#AUTO} resolved). */
    public InferenceRuntime runtime() {
        return runner.runtime();
    }

    public BundleMetadata metadata() {
        return metadata;
    }

    public List<String> labels() {
        return network.labels();
    }

    public ImageSpec input() {
        return network.input();
    }

    /**
     * Averages every prediction from here on over {@code tta}'s views of each image (none by default).
     *
     * @return this classifier
     */
    public Classifier testTimeAugmentation(TestTimeAugmentation tta) {
        this.tta = java.util.Objects.requireNonNull(tta);
        return this;
    }

    /**
     * Runs the network on at most {@code images} images at a time from here on ({@value #DEFAULT_BATCH}
     * by default): larger batches use the cores better, smaller ones need less memory.
     *
     * @return this classifier
     */
    public Classifier batchSize(int images) {
        if (images < 1) {
            throw new IllegalArgumentException("batch size " + images);
        }
        this.batch = images;
        return this;
    }

    /** The most images one network pass takes, as {@link #batchSize(int)} last set it. */
    public int batchSize() {
        return batch;
    }

    /** The top {@code k} classes for an image file. */
    public List<Prediction> predict(Path image, int k) {
        return predict(decode(image), k);
    }

    /** The top {@code k} classes for an image. */
    public List<Prediction> predict(BufferedImage image, int k) {
        return predictAll(List.of(image), k).get(0);
    }

    /** The top {@code k} classes for each image, run in batches. */
    public List<List<Prediction>> predictAll(List<BufferedImage> images, int k) {
        float[][] tensors = images.stream().map(img -> ImagePreprocessor.toTensor(img, network.input()))
                .toArray(float[][]::new);
        return topK(probabilities(tensors), k);
    }

    /** Class probabilities for pre-processed tensors (as {@link ImagePreprocessor} makes them). */
    public float[][] probabilities(float[][] tensors) {
        return predictions(tensors).probabilities();
    }

    /** Probabilities and arg-max classes for pre-processed tensors, in order. */
    public Predictions predictions(float[][] tensors) {
        return predictions(tensors, batch);
    }

    /** {@link #predictions(float[][])} running the network on at most {@code batch} images at a time. */
    public Predictions predictions(float[][] tensors, int batch) {
        lock.lock();
        try {
            ImageSpec in = network.input();
            return BatchRunner.run(network, tensors, null, batch, new Shape(in.channels(), in.size(), in.size()),
                    x -> tta.logProbabilities(x, runner::logits))
                    .requireFinite("The model (" + metadata.architecture().name() + ")");
        } finally {
            lock.unlock();
        }
    }

    /** Decodes an image file with the decoder's size limits; errors name the file. */
    public BufferedImage decode(Path image) {
        return decoder.decodeFile(image);
    }

    /** The {@code k} most probable classes of each row, most probable first. */
    public List<List<Prediction>> topK(float[][] probabilities, int k) {
        List<String> labels = labels();
        int kk = Math.max(1, Math.min(k, labels.size()));
        List<List<Prediction>> out = new ArrayList<>(probabilities.length);
        for (float[] p : probabilities) {
            out.add(IntStream.range(0, p.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer c) -> -p[c]).thenComparingInt(c -> c))
                    .limit(kk)
                    .map(c -> new Prediction(labels.get(c), c, p[c]))
                    .toList());
        }
        return out;
    }

    @Override
    public void close() {
        runner.close();
        network.close();
    }

    @Override
    public String toString() {
        return "Classifier" + Arrays.asList(metadata.architecture().name(), runtime().id(), labels());
    }
}
