package dev.citra.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.citra.data.DecodedImages;
import dev.citra.image.Augmentation;
import dev.citra.model.Network;
import java.nio.FloatBuffer;
import java.util.Random;

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
record FeatureCache(int prefix, Shape featureShape, float[][][] train, float[][] val) {
    /** Bytes the cache would take, to check against the memory at hand before building it. */
    static long estimateBytes(Network network, int prefix, int trainImages, int views, int valImages) {
        return network.prefixOutputShape(prefix).size() * 4L * ((long) trainImages * views + valImages);
    }

    /**
     * Computes the features of every training image ({@code views} times, augmented with the
     * view's seed, when {@code augment} is given) and every validation image.
     */
    static FeatureCache build(Network network, int prefix, DecodedImages train, DecodedImages val, int views,
            Augmentation augment, long seed, int batch) {
        Shape shape = network.prefixOutputShape(prefix);
        float[][][] trainFeatures = new float[views][][];
        for (int v = 0; v < views; v++) {
            float[][] images = train.tensors();
            if (augment != null) {
                images = augmented(network, images, augment, new Random(seed * 31_337L + v));
            }
            trainFeatures[v] = features(network, prefix, images, batch);
        }
        float[][] valFeatures = val == null ? new float[0][] : features(network, prefix, val.tensors(), batch);
        return new FeatureCache(prefix, shape, trainFeatures, valFeatures);
    }

    /** The features training image {@code index} shows in {@code epoch}: one view, drawn per image and epoch. */
    float[] trainFeatures(int index, Random viewPicker) {
        return train.length == 1 ? train[0][index] : train[viewPicker.nextInt(train.length)][index];
    }

    int views() {
        return train.length;
    }

    private static float[][] augmented(Network network, float[][] images, Augmentation augment, Random random) {
        float[][] out = new float[images.length][];
        for (int i = 0; i < images.length; i++) {
            out[i] = augment.apply(images[i], network.input(), random);
        }
        return out;
    }

    private static float[][] features(Network network, int prefix, float[][] images, int batch) {
        int len = network.input().tensorLength();
        int channels = network.input().channels();
        int size = network.input().size();
        float[][] out = new float[images.length][];
        float[] buffer = new float[Math.min(batch, Math.max(images.length, 1)) * len];
        for (int start = 0; start < images.length; start += batch) {
            int count = Math.min(batch, images.length - start);
            for (int i = 0; i < count; i++) {
                System.arraycopy(images[start + i], 0, buffer, i * len, len);
            }
            try (NDManager scope = network.manager().newSubManager()) {
                NDArray x = scope.create(FloatBuffer.wrap(buffer, 0, count * len), new Shape(count, channels, size, size));
                NDArray f = network.forwardPrefix(x, prefix);
                float[] values = f.toFloatArray();
                int per = values.length / count;
                for (int i = 0; i < count; i++) {
                    float[] row = new float[per];
                    System.arraycopy(values, i * per, row, 0, per);
                    out[start + i] = row;
                }
            }
        }
        return out;
    }
}
