package dev.citra.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.citra.data.ImageStore;
import dev.citra.image.Augmentation;
import dev.citra.model.Network;
import dev.citra.util.Progress;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * The output of a frozen backbone (and the pooling after it), computed once per image so that
 * the head trains on it epoch after epoch instead of running the backbone again. With
 * augmentation it holds {@code views} augmented versions of each training image, and each epoch
 * draws one of them per image; validation images are cached as they are.
 *
 * @param prefix the number of top-level layers the features come out of
 * @param featureShape one image's features, without the batch axis
 * @param train per view, per training image, its features
 * @param val per validation image, its features
 */
public record FeatureCache(int prefix, Shape featureShape, float[][][] train, float[][] val) {
    /** Bytes the cache would take, to check against the memory at hand before building it. */
    public static long estimateBytes(Network network, int prefix, int trainImages, int views, int valImages) {
        return network.prefixOutputShape(prefix).size() * 4L * ((long) trainImages * views + valImages);
    }

    /**
     * Computes the features of every training image ({@code views} times, augmented per view on
     * {@code workers} threads when {@code augment} is given) and every validation image.
     */
    public static FeatureCache build(Network network, int prefix, ImageStore train, ImageStore val, int views,
            Augmentation augment, long seed, int batch, int workers) {
        Shape shape = network.prefixOutputShape(prefix);
        float[][][] trainFeatures = new float[views][][];
        int valImages = val == null ? 0 : val.size();
        int total = train.size() * views + valImages;
        try (BatchFeeder augmenting = new BatchFeeder(network.input(), augment, seed, workers);
                BatchFeeder plain = new BatchFeeder(network.input(), null, seed, workers);
                Progress progress = Progress.onConsole("Caching backbone features", total)) {
            for (int v = 0; v < views; v++) {
                int before = v * train.size();
                trainFeatures[v] = features(network, prefix, train, batch, augmenting, v,
                        done -> progress.accept(before + done));
            }
            int before = views * train.size();
            float[][] valFeatures = val == null ? new float[0][]
                    : features(network, prefix, val, batch, plain, 0, done -> progress.accept(before + done));
            return new FeatureCache(prefix, shape, trainFeatures, valFeatures);
        }
    }

    /** The features training image {@code index} shows in {@code epoch}: one view, drawn per image and epoch. */
    float[] trainFeatures(int index, Random viewPicker) {
        return train.length == 1 ? train[0][index] : train[viewPicker.nextInt(train.length)][index];
    }

    /** Runs every image through the first {@code prefix} layers, batches assembled by {@code feeder}. */
    private static float[][] features(Network network, int prefix, ImageStore images, int batch, BatchFeeder feeder,
            int view, IntConsumer progress) {
        int len = network.input().tensorLength();
        int channels = network.input().channels();
        int size = network.input().size();
        float[][] out = new float[images.size()][];
        for (int start = 0, b = 0; start < images.size(); start += batch, b++) {
            int from = start;
            int count = Math.min(batch, images.size() - start);
            float[] buffer = BatchFeeder.await(feeder.prepare(view, b, count, len, i -> images.tensor(from + i)));
            try (NDManager scope = network.manager().newSubManager()) {
                NDArray x = scope.create(FloatBuffer.wrap(buffer, 0, count * len), new Shape(count, channels, size, size));
                float[] values = network.forwardPrefix(x, prefix).toFloatArray();
                int per = values.length / count;
                for (int i = 0; i < count; i++) {
                    out[start + i] = Arrays.copyOfRange(values, i * per, (i + 1) * per);
                }
            }
            progress.accept(start + count);
        }
        return out;
    }
}
