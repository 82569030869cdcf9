package dev.citra.server;

import dev.citra.bundle.ModelTask;
import dev.citra.image.ImagePreprocessor;
import dev.citra.image.ImageSpec;
import dev.citra.infer.Classifier;
import dev.citra.infer.Prediction;
import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * A classifier behind a {@link MicroBatcher}: each request pre-processes its image in its own
 * thread and waits for the batch its tensor joined.
 */
public final class ServedClassifier implements ServedModel {
    private final ModelInfo info;
    private final ImageSpec input;
    private final MicroBatcher batcher;
    private final AutoCloseable owned;

    ServedClassifier(ModelInfo info, ImageSpec input, BatchFunction function, BatchSettings settings,
            BatchListener listener, AutoCloseable owned) {
        this.info = info;
        this.input = input;
        this.owned = owned;
        this.batcher = new MicroBatcher(info.name(), function, settings, listener);
    }

    /**
     * Serves {@code classifier} (which it closes) under {@code name}, its passes as large as
     * {@code settings}' largest batch.
     */
    public static ServedClassifier of(String name, Classifier classifier, String notice, BatchSettings settings,
            BatchListener listener) {
        // The batcher has already gathered what one pass should take: the classifier's own default
        // would split a --max-batch above it into several passes.
        classifier.batchSize(settings.maxBatch());
        ImageSpec in = classifier.input();
        ModelInfo info = new ModelInfo(name, ModelTask.CLASSIFY.id(), classifier.metadata().architecture().name(),
                classifier.labels(), new ModelInfo.Input(in.size(), in.channels(), in.normalization().id(),
                        in.resize().id()), notice, settings.maxBatch());
        return new ServedClassifier(info, in, tensors -> classifier.predictions(tensors).probabilities(), settings,
                listener, classifier);
    }

    @Override
    public String name() {
        return info.name();
    }

    @Override
    public ModelTask task() {
        return ModelTask.CLASSIFY;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public int queueLength() {
        return batcher.queueLength();
    }

    /**
     * Queues a decoded image; the future gives its {@code k} most probable classes.
     *
     * @throws OverloadedException when the model's queue is full
     */
    public CompletableFuture<List<Prediction>> classify(BufferedImage image, int k) {
        return probabilities(image).thenApply(p -> topK(p, k));
    }

    /**
     * Queues a decoded image; the future gives every class's probability, in label order.
     *
     * @throws OverloadedException when the model's queue is full
     */
    public CompletableFuture<float[]> probabilities(BufferedImage image) {
        return batcher.submit(ImagePreprocessor.toTensor(image, input));
    }

    private List<Prediction> topK(float[] p, int k) {
        List<String> labels = info.labels();
        return IntStream.range(0, p.length).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> -p[c]).thenComparingInt(c -> c))
                .limit(Math.max(1, Math.min(k, p.length)))
                .map(c -> new Prediction(labels.get(c), c, p[c]))
                .toList();
    }

    @Override
    public void close() {
        batcher.close();
        try {
            owned.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not free model " + name() + ": " + e.getMessage(), e);
        }
    }
}
