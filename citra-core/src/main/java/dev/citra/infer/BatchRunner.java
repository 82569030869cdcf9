package dev.citra.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.citra.data.Readahead;
import dev.citra.image.ImageSpec;
import dev.citra.model.Network;
import java.nio.FloatBuffer;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/** Runs a network in inference mode over many tensors, batch by batch, in order. */
public final class BatchRunner {
    private BatchRunner() {}

    /**
     * Predicts every tensor; with {@code labels} (may be null) also the mean loss.
     * Each batch's arrays live and die in their own sub-manager.
     */
    public static Predictions run(Network network, float[][] tensors, int[] labels, int batchSize) {
        return run(network, tensors, labels, batchSize, TestTimeAugmentation.NONE);
    }

    /** As {@link #run(Network, float[][], int[], int)}, each image's probabilities averaged over {@code tta}'s views. */
    public static Predictions run(Network network, float[][] tensors, int[] labels, int batchSize,
            TestTimeAugmentation tta) {
        ImageSpec in = network.input();
        return run(network, tensors, labels, batchSize, new Shape(in.channels(), in.size(), in.size()),
                x -> tta.logProbabilities(x, batch -> network.forward(batch, false)));
    }

    /**
     * Predicts every input of shape {@code itemShape} (images, or cached features) with
     * {@code logProbabilitiesOf}, which maps a batch to log-probabilities in inference mode.
     */
    public static Predictions run(Network network, float[][] inputs, int[] labels, int batchSize, Shape itemShape,
            UnaryOperator<NDArray> logProbabilitiesOf) {
        return run(network, i -> inputs[i], inputs.length, labels, batchSize, itemShape, logProbabilitiesOf);
    }

    /** Predicts the images of {@code images} (streamed or in memory), in order; with {@code labels} also the mean loss. */
    public static Predictions run(Network network, Readahead images, int[] labels, int batchSize) {
        ImageSpec in = network.input();
        return run(network, images, images.size(), labels, batchSize, new Shape(in.channels(), in.size(), in.size()),
                x -> TestTimeAugmentation.NONE.logProbabilities(x, batch -> network.forward(batch, false)));
    }

    /**
     * As {@link #run(Network, float[][], int[], int, Shape, UnaryOperator)}, the {@code n} inputs
     * read by position from {@code inputs} in increasing order.
     */
    public static Predictions run(Network network, IntFunction<float[]> inputs, int n, int[] labels, int batchSize,
            Shape itemShape, UnaryOperator<NDArray> logProbabilitiesOf) {
        int len = Math.toIntExact(itemShape.size());
        int classes = network.labels().size();
        float[][] probabilities = new float[n][];
        int[] predicted = new int[n];
        double lossSum = 0;
        float[] buffer = new float[Math.min(batchSize, Math.max(n, 1)) * len];
        for (int start = 0; start < n; start += batchSize) {
            int size = Math.min(batchSize, n - start);
            for (int i = 0; i < size; i++) {
                System.arraycopy(inputs.apply(start + i), 0, buffer, i * len, len);
            }
            try (NDManager scope = network.manager().newSubManager()) {
                NDArray x = scope.create(FloatBuffer.wrap(buffer, 0, size * len), new Shape(size).addAll(itemShape));
                NDArray logProb = logProbabilitiesOf.apply(x);
                float[] lp = logProb.toFloatArray();
                for (int i = 0; i < size; i++) {
                    float[] p = new float[classes];
                    int best = 0;
                    for (int c = 0; c < classes; c++) {
                        p[c] = (float) Math.exp(lp[i * classes + c]);
                        if (p[c] > p[best]) {
                            best = c;
                        }
                    }
                    probabilities[start + i] = p;
                    predicted[start + i] = best;
                    if (labels != null) {
                        lossSum -= lp[i * classes + labels[start + i]];
                    }
                }
            }
        }
        double loss = labels == null || n == 0 ? Double.NaN : lossSum / n;
        return new Predictions(probabilities, predicted, loss);
    }
}
