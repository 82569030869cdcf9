package dev.citra.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.citra.data.ImageStore;
import dev.citra.model.Network;
import dev.citra.train.optim.Optimizer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * fastai's learning-rate range test (Leslie Smith's): train on mini-batches while the rate grows
 * exponentially from {@code start} to {@code end}, follow the smoothed loss, and stop once it
 * diverges. The network and optimizer it is given are changed: pass throwaway ones.
 *
 * @param start the first rate
 * @param end the last rate
 * @param steps mini-batches at most (the rate reaches {@code end} at the last)
 * @param beta the smoothing of the loss (an exponential moving average, bias-corrected)
 * @param divergence stop when the smoothed loss exceeds this many times the lowest one
 */
public record LrFinder(double start, double end, int steps, double beta, double divergence) {
    /** fastai's settings: 1e-7 to 10 over 100 mini-batches, beta 0.98, stop at 4× the best loss. */
    public static LrFinder defaults() {
        return new LrFinder(1e-7, 10, 100, 0.98, 4);
    }

    /** One mini-batch: its rate, its loss and the smoothed loss up to it. */
    public record Point(double lr, double loss, double smoothed) {}

    /**
     * The rates tried and the two suggestions.
     *
     * @param points every mini-batch trained
     * @param diverged why the test stopped before its last step, or null
     * @param suggestion where to read the suggestions from
     */
    public record Result(List<Point> points, String diverged, LrSuggestion suggestion) {}

    /** The rate of step {@code i} (0-based). */
    public double rate(int i) {
        return start * Math.pow(end / start, i / (double) Math.max(1, steps - 1));
    }

    /**
     * Runs the test on {@code train}'s images in mini-batches drawn as training draws them (shuffled
     * or oversampled, augmented, with label smoothing, mixup or cutmix and class weights as the config
     * says), cycling through them if there are fewer than {@code steps} batches.
     */
    public Result run(Network network, Optimizer optimizer, ImageStore train, TrainConfig config) {
        int classes = network.labels().size();
        int len = network.input().tensorLength();
        float[] classWeights = ClassifierTrainer.classWeights(config, train);
        dev.citra.image.Augmentation augment = config.activeAugmentation();
        // Batches are drawn, balanced, augmented, smoothed and mixed as training's epochs draw theirs: the
        // first step is the first training step.
        int pass = 1;
        int[] order = ClassifierTrainer.epochOrder(config, train.labels(), classes, pass);
        int batch = Math.min(config.optimisation().batch(), order.length);
        int position = 0;
        List<Point> points = new ArrayList<>();
        double average = 0;
        double best = Double.POSITIVE_INFINITY;
        String diverged = null;
        Engine.getInstance().setRandomSeed((int) config.seed());
        try (BatchFeeder feeder = new BatchFeeder(network.input(), augment, config.seed(), config.data().workers())) {
            for (int i = 0; i < steps; i++) {
                if (position + batch > order.length) {
                    order = ClassifierTrainer.epochOrder(config, train.labels(), classes, ++pass);
                    position = 0;
                }
                int inPass = position / batch;
                int[] picked = java.util.Arrays.copyOfRange(order, position, position + batch);
                position += batch;
                float[] pixels = BatchFeeder.await(feeder.prepare(pass, inPass, batch, len,
                        k -> train.tensor(picked[k])));
                int[] labels = new int[batch];
                for (int k = 0; k < batch; k++) {
                    labels[k] = train.labels()[picked[k]];
                }
                BatchTargets targets = ClassifierTrainer.softTargets(config, pixels, labels, batch, classes,
                        network.input(), true, pass, inPass);
                double lr = rate(i);
                float value;
                try (NDManager step = network.manager().newSubManager()) {
                    NDArray x = step.create(FloatBuffer.wrap(pixels, 0, batch * len),
                            new Shape(batch, network.input().channels(), network.input().size(), network.input().size()));
                    NDArray y = step.create(labels);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = network.forward(x, true);
                        NDArray l = ClassifierTrainer.batchLoss(step, logits, y, labels, batch, targets,
                                classWeights);
                        gc.backward(l);
                        value = l.getFloat();
                    }
                    if (!Float.isFinite(value)) {
                        diverged = "the loss became " + value + " at rate " + format(lr);
                        break;
                    }
                    optimizer.step(network, (float) lr, step);
                }
                average = beta * average + (1 - beta) * value;
                double smoothed = average / (1 - Math.pow(beta, i + 1));
                points.add(new Point(lr, value, smoothed));
                best = Math.min(best, smoothed);
                if (i > 0 && smoothed > divergence * best) {
                    diverged = "the smoothed loss passed " + format(divergence) + "x its lowest at rate " + format(lr);
                    break;
                }
            }
        }
        return new Result(List.copyOf(points), diverged, LrSuggestion.of(points));
    }

    static String format(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toString();
    }
}
