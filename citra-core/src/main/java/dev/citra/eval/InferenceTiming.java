package dev.citra.eval;

import ai.djl.ndarray.NDManager;
import dev.citra.model.Network;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * How fast a network predicts: the median latency of one image and the throughput of full
 * batches, after a warm-up, on random inputs of the network's size (the content does not change
 * the time a CNN takes).
 *
 * @param batch1Millis median latency of a batch of one, in milliseconds
 * @param batch the batch size of the throughput figure
 * @param imagesPerSecond throughput at {@code batch}
 */
public record InferenceTiming(double batch1Millis, int batch, double imagesPerSecond) {
    /** Times {@code steps} batches of {@code batch} and at least 10 single images. */
    public static InferenceTiming measure(Network network, int batch, int steps) {
        float[] pixels = new float[batch * network.input().tensorLength()];
        Random random = new Random(0);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat() * 2 - 1;
        }
        return measure(n -> forward(network, pixels, n), batch, steps);
    }

    /**
     * Times {@code steps} calls of {@code forward} on {@code batch} images and at least 10 on one,
     * after a warm-up; {@code forward} runs a pass over the given number of images, whatever runs it.
     */
    public static InferenceTiming measure(IntConsumer forward, int batch, int steps) {
        Runnable full = () -> forward.accept(batch);
        Runnable single = () -> forward.accept(1);
        for (int i = 0; i < 3; i++) {
            full.run();
        }
        double perBatch = seconds(full, steps);
        for (int i = 0; i < 5; i++) {
            single.run();
        }
        double[] singles = new double[Math.max(10, steps * 3)];
        for (int i = 0; i < singles.length; i++) {
            singles[i] = seconds(single, 1);
        }
        Arrays.sort(singles);
        return new InferenceTiming(singles[singles.length / 2] * 1e3, batch, batch / perBatch);
    }

    private static void forward(Network network, float[] pixels, int n) {
        try (NDManager step = network.manager().newSubManager()) {
            network.forward(step, pixels, n, false).toFloatArray();
        }
    }

    public static double seconds(Runnable r, int times) {
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            r.run();
        }
        return (System.nanoTime() - start) / 1e9 / times;
    }
}
