package dev.citra.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.citra.data.ImageStore;
import dev.citra.data.Readahead;
import dev.citra.eval.EpochRecord;
import dev.citra.image.Augmentation;
import dev.citra.image.ImageSpec;
import dev.citra.infer.BatchRunner;
import dev.citra.infer.Predictions;
import dev.citra.model.Network;
import dev.citra.train.optim.Optimizer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import dev.citra.util.Permutations;
import java.util.Random;

/**
 * The training loop: shuffled mini-batches, forward, cross-entropy, backward, optimizer step,
 * then validation, once per epoch, with listeners for everything else. Every per-step array
 * lives in a per-step sub-manager so memory stays flat over a long run.
 */
public final class ClassifierTrainer {
    private static final Loss CROSS_ENTROPY = Loss.softmaxCrossEntropyLoss();
    /** Training images re-run in inference mode after each epoch (see {@link EpochRecord#trainEvalAccuracy()}). */
    static final int TRAIN_EVAL_IMAGES = 512;
    /** Training batches prepared ahead of the one that trains: enough to ride out a slow image, few enough to bound memory. */
    static final int PREFETCH = 3;

    private final TrainConfig config;
    private final List<TrainingListener> listeners;
    private BatchTap tap;

    /**
     * Sees every training batch as the step receives it and again after the step: for tests that
     * replay the batches and check nothing touched them meanwhile.
     */
    interface BatchTap {
        /** @param afterStep false just before the step copies the inputs, true once it is done */
        void onBatch(int epoch, int batch, float[] inputs, int[] labels, int count, boolean afterStep);
    }

    ClassifierTrainer withTap(BatchTap tap) {
        this.tap = tap;
        return this;
    }

    public ClassifierTrainer(TrainConfig config, List<TrainingListener> listeners) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Trains from {@code resumeFrom} (null for a fresh start) up to {@code config.totalEpochs()}.
     *
     * @param history epochs already done (non-empty only when resuming)
     * @return the context at the end: history, stop reason, final learning rate
     */
    public TrainingContext fit(Network network, Optimizer optimizer, ImageStore train, ImageStore val,
            TrainingState resumeFrom, List<EpochRecord> history) {
        return fit(network, optimizer, train, val, resumeFrom, history, null, config.totalEpochs(),
                config.optimisation().lr());
    }

    /**
     * One {@code fit}, as a stage of a run: trains from {@code resumeFrom} (null for a fresh start,
     * or where the stage before ended) up to epoch {@code totalEpochs}, starting at {@code lr} on a
     * fresh start; with {@code cache}, the head trains on cached backbone features for as long as
     * the backbone stays frozen.
     */
    public TrainingContext fit(Network network, Optimizer optimizer, ImageStore train, ImageStore val,
            TrainingState resumeFrom, List<EpochRecord> history, FeatureCache cache, int totalEpochs, double lr) {
        int[] trainEvalSample = trainEvalSample(train.size(), config.seed());
        return FitLoop.fit(network, optimizer, totalEpochs, lr, config.seed(), listeners, resumeFrom,
                history, (ctx, epoch) -> {
                    long start = System.nanoTime();
                    FeatureCache cached = cache != null && network.cacheablePrefix() == cache.prefix() ? cache : null;
                    double[] trainFigures = trainEpoch(ctx, network, train, epoch, cached);
                    // BatchNorm statistics too, which the per-step check does not read.
                    String broken = network.firstNonFiniteParameter(false);
                    if (broken != null) {
                        throw new TrainingDivergedException(epoch, 0, 0, "parameter " + broken
                                + " holds NaN or infinite values", ctx.learningRate());
                    }
                    double valLoss = Double.NaN;
                    double valAccuracy = Double.NaN;
                    if (val != null && val.size() > 0) {
                        Predictions p = evaluate(network, val, null, cached == null ? null : cached.val(), cached);
                        if (!Double.isFinite(p.meanLoss())) {
                            throw new TrainingDivergedException(epoch, 0, 0, "the validation loss became "
                                    + p.meanLoss() + " while the training loss was finite (" + trainFigures[0]
                                    + "): the network's inference-mode outputs are broken", ctx.learningRate());
                        }
                        valLoss = p.meanLoss();
                        valAccuracy = p.accuracy(val.labels());
                    }
                    double trainEvalAccuracy = trainEvalAccuracy(network, train, trainEvalSample, cached);
                    return new EpochRecord(epoch, trainFigures[0], trainFigures[1], valLoss, valAccuracy,
                            trainEvalAccuracy, ctx.learningRate(), (System.nanoTime() - start) / 1e9);
                });
    }

    /**
     * One pass over the training data, on images or, with {@code cache}, on their cached features;
     * returns {mean loss, accuracy}.
     */
    private double[] trainEpoch(TrainingContext ctx, Network network, ImageStore train, int epoch,
            FeatureCache cache) {
        int[] order = epochOrder(config, train.labels(), network.labels().size(), epoch);
        int n = order.length;
        int batch = Math.min(config.optimisation().batch(), n);
        float[] classWeights = classWeights(config, train);
        int size = network.input().size();
        int channels = network.input().channels();
        Shape item = cache != null ? cache.featureShape() : new Shape(channels, size, size);
        int len = Math.toIntExact(item.size());
        int[] labels = new int[batch];
        // Cached views carry their augmentation already.
        Augmentation augment = cache != null ? null : config.activeAugmentation();
        Random viewPicker = cache == null ? null : new Random(config.seed() * 104_729L + epoch);
        int classes = network.labels().size();
        // Mixing needs images; on cached backbone features (not made with mixing on) only smoothing applies.
        boolean mixImages = cache == null;
        // A last batch of one image breaks BatchNorm statistics; it is dropped (and seen next epoch).
        int batches = n % batch == 1 && n > 1 ? n / batch : (n + batch - 1) / batch;
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        Engine engine = Engine.getInstance();
        try (BatchFeeder feeder = new BatchFeeder(network.input(), augment, config.seed(), config.data().workers(), PREFETCH)) {
            Prefetch prefetch = new Prefetch(batches, PREFETCH, b -> {
                int from = b * batch;
                int count = Math.min(batch, n - from);
                if (cache == null) {
                    // Read on the workers: a streamed store decodes there.
                    return feeder.prepare(epoch, b, count, len, i -> train.tensor(order[from + i]));
                }
                // The views are drawn here, in batch order, so that they do not depend on the workers' timing.
                float[][] items = new float[count][];
                for (int i = 0; i < count; i++) {
                    items[i] = cache.trainFeatures(order[from + i], viewPicker);
                }
                return feeder.prepare(epoch, b, count, len, i -> items[i]);
            });
            for (int b = 0; b < batches; b++) {
                int from = b * batch;
                int count = Math.min(batch, n - from);
                float[] pixels = prefetch.take();
                for (int i = 0; i < count; i++) {
                    labels[i] = train.labels()[order[from + i]];
                }
                BatchTargets targets = softTargets(config, pixels, labels, count, classes, network.input(), mixImages,
                        epoch, b);
                int[] truth = targets == null ? labels : targets.dominant();
                if (tap != null) {
                    tap.onBatch(epoch, b, pixels, labels, count, false);
                }
                try (NDManager step = network.manager().newSubManager()) {
                    NDArray x = step.create(FloatBuffer.wrap(pixels, 0, count * len), new Shape(count).addAll(item));
                    NDArray y = step.create(java.util.Arrays.copyOf(labels, count));
                    NDArray logits;
                    NDArray lossValue;
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        logits = cache != null ? network.forwardFrom(x, cache.prefix(), true) : network.forward(x, true);
                        lossValue = batchLoss(step, logits, y, labels, count, targets, classWeights);
                        gc.backward(lossValue);
                    }
                    float stepLoss = lossValue.getFloat();
                    FitLoop.step(ctx, stepLoss, b + 1, batches, step);
                    lossSum += stepLoss * count;
                    long[] predicted = logits.argMax(1).toLongArray();
                    for (int i = 0; i < count; i++) {
                        if (predicted[i] == truth[i]) {
                            correct++;
                        }
                    }
                    seen += count;
                }
                if (tap != null) {
                    tap.onBatch(epoch, b, pixels, labels, count, true);
                }
                for (TrainingListener l : listeners) {
                    l.onBatchEnd(ctx, b + 1, batches, lossSum / seen, correct / (double) seen);
                }
            }
        }
        return new double[] {lossSum / seen, correct / (double) seen};
    }

    /**
     * Inference-mode predictions of {@code images} (at {@code indices}, or all when null), or of
     * their cached {@code features}.
     */
    private Predictions evaluate(Network network, ImageStore images, int[] indices, float[][] features,
            FeatureCache cached) {
        int[] labels = indices == null ? images.labels()
                : java.util.Arrays.stream(indices).map(i -> images.labels()[i]).toArray();
        int batch = config.optimisation().batch();
        if (cached != null) {
            return BatchRunner.run(network, features, labels, batch, cached.featureShape(),
                    x -> network.forwardFrom(x, cached.prefix(), false).logSoftmax(1));
        }
        try (Readahead reader = Readahead.of(images, indices, config.data().workers(), 2 * batch)) {
            return BatchRunner.run(network, reader, labels, batch);
        }
    }

    /**
     * Inference-mode accuracy on a fixed sample of the training images, as they are (not augmented):
     * set beside the training accuracy (training mode, augmented), it shows when the two modes
     * disagree, e.g. BatchNorm moving statistics that do not fit the weights.
     */
    private double trainEvalAccuracy(Network network, ImageStore train, int[] sample, FeatureCache cached) {
        if (sample.length == 0) {
            return Double.NaN;
        }
        float[][] features = cached == null ? null
                : java.util.Arrays.stream(sample).mapToObj(i -> cached.train()[0][i]).toArray(float[][]::new);
        Predictions p = evaluate(network, train, sample, features, cached);
        return p.accuracy(java.util.Arrays.stream(sample).map(i -> train.labels()[i]).toArray());
    }

    /** The training images {@link #trainEvalAccuracy} looks at: all, or a seeded sample of {@value #TRAIN_EVAL_IMAGES}. */
    static int[] trainEvalSample(int n, long seed) {
        int[] order = Permutations.shuffled(n, new Random(seed * 31L + 17));
        int[] sample = java.util.Arrays.copyOf(order, Math.min(n, TRAIN_EVAL_IMAGES));
        java.util.Arrays.sort(sample);
        return sample;
    }

    /** The order of the training images in {@code epoch}: shuffled, or oversampled and shuffled; seeded. */
    static int[] epochOrder(TrainConfig config, int[] labels, int classes, int epoch) {
        Random shuffle = new Random(config.seed() * 1_000_003L + epoch);
        return config.data().balance() == Balance.OVERSAMPLE ? oversampled(labels, classes, shuffle)
                : Permutations.shuffled(labels.length, shuffle);
    }

    /** The per-class weights of the loss with {@code balance: weights}, else null. */
    static float[] classWeights(TrainConfig config, ImageStore train) {
        return config.data().balance() == Balance.WEIGHTS ? balancedWeights(train.classCounts()) : null;
    }

    /**
     * A batch's soft targets when the config asks for label smoothing, mixup or cutmix (the mixing
     * changes {@code pixels} in place; {@code mixImages} false allows smoothing only), else null.
     * Seeded by the run's seed, {@code epoch} and {@code batch}.
     */
    static BatchTargets softTargets(TrainConfig config, float[] pixels, int[] labels, int count, int classes,
            ImageSpec input, boolean mixImages, int epoch, int batch) {
        OptimisationConfig o = config.optimisation();
        boolean soft = o.labelSmoothing() > 0 || (mixImages && (o.mixup() > 0 || o.cutmix() > 0));
        return soft ? BatchTargets.of(pixels, labels, count, classes, input.channels(), input.size(),
                o.labelSmoothing(), mixImages ? o.mixup() : 0, mixImages ? o.cutmix() : 0, config.seed(), epoch, batch)
                : null;
    }

    /**
     * One batch's training loss: cross-entropy on the soft {@code targets} when there are any, else on
     * the labels {@code y}, weighted per class when {@code classWeights} is not null.
     */
    static NDArray batchLoss(NDManager step, NDArray logits, NDArray y, int[] labels, int count, BatchTargets targets,
            float[] classWeights) {
        if (targets != null) {
            return softCrossEntropy(step, logits, targets.targets(), count, classWeights);
        }
        return classWeights == null ? CROSS_ENTROPY.evaluate(new NDList(y), new NDList(logits))
                : weightedCrossEntropy(step, logits, labels, count, classWeights);
    }

    /**
     * Keras's sample-weighted cross-entropy: the mean over the batch of w[label] · −log p[label].
     */
    static NDArray weightedCrossEntropy(NDManager step, NDArray logits, int[] labels, int count,
            float[] classWeights) {
        float[] oneHot = new float[count * classWeights.length];
        for (int i = 0; i < count; i++) {
            oneHot[i * classWeights.length + labels[i]] = 1;
        }
        return softCrossEntropy(step, logits, oneHot, count, classWeights);
    }

    /**
     * Cross-entropy against soft targets (smoothed or mixed), the mean over the batch of
     * w_i · −Σ_c t_ic log p_ic; an image's weight is its target's mix of the class weights (1 without them).
     */
    static NDArray softCrossEntropy(NDManager step, NDArray logits, float[] targets, int count, float[] classWeights) {
        int classes = Math.toIntExact(logits.getShape().get(1));
        NDArray t = step.create(FloatBuffer.wrap(targets, 0, count * classes), new Shape(count, classes));
        NDArray perImage = logits.logSoftmax(1).mul(t).sum(new int[] {1}).neg();
        if (classWeights == null) {
            return perImage.mean();
        }
        float[] w = new float[count];
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < classes; c++) {
                w[i] += targets[i * classes + c] * classWeights[c];
            }
        }
        return perImage.mul(step.create(w)).mean();
    }

    /**
     * Class weights that even out the classes, as scikit-learn's and Keras users' "balanced":
     * n / (classes · n_c); a class without samples gets 0.
     */
    static float[] balancedWeights(int[] counts) {
        long n = 0;
        int present = 0;
        for (int c : counts) {
            n += c;
            present += c > 0 ? 1 : 0;
        }
        float[] w = new float[counts.length];
        for (int c = 0; c < counts.length; c++) {
            w[c] = counts[c] == 0 ? 0f : (float) (n / ((double) present * counts[c]));
        }
        return w;
    }

    /**
     * An epoch's order in which every class appears as often as the largest one: smaller classes
     * are drawn again at random (with replacement) to make up the difference, then all is shuffled.
     */
    static int[] oversampled(int[] labels, int classes, Random random) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        int largest = byClass.stream().mapToInt(List::size).max().orElse(0);
        List<Integer> all = new ArrayList<>();
        for (List<Integer> members : byClass) {
            all.addAll(members);
            for (int k = members.size(); k < largest && !members.isEmpty(); k++) {
                all.add(members.get(random.nextInt(members.size())));
            }
        }
        int[] order = all.stream().mapToInt(Integer::intValue).toArray();
        int[] perm = Permutations.shuffled(order.length, random);
        int[] out = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = order[perm[i]];
        }
        return out;
    }


    /** The listeners, for callers that need to read their state. */
    public List<TrainingListener> listeners() {
        return new ArrayList<>(listeners);
    }
}
