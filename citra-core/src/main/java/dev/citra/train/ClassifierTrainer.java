package dev.citra.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.citra.data.DecodedImages;
import dev.citra.image.Augmentation;
import dev.citra.infer.BatchRunner;
import dev.citra.infer.Predictions;
import dev.citra.model.Network;
import dev.citra.train.optim.Optimizer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The training loop: shuffled mini-batches, forward, cross-entropy, backward, optimizer step,
 * then validation, once per epoch, with listeners for everything else. Every per-step array
 * lives in a per-step sub-manager so memory stays flat over a long run.
 */
public final class ClassifierTrainer {
    private final TrainConfig config;
    private final List<TrainingListener> listeners;

    public ClassifierTrainer(TrainConfig config, List<TrainingListener> listeners) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Trains from {@code resumeFrom} (null for a fresh start) up to {@code config.epochs()}.
     *
     * @param history epochs already done (non-empty only when resuming)
     * @return the context at the end: history, stop reason, final learning rate
     */
    public TrainingContext fit(Network network, Optimizer optimizer, DecodedImages train, DecodedImages val,
            TrainingState resumeFrom, List<EpochRecord> history) {
        int done = resumeFrom == null ? 0 : resumeFrom.epoch();
        double lr = resumeFrom == null ? config.lr() : resumeFrom.learningRate();
        TrainingContext ctx = new TrainingContext(config, network, optimizer, history, done, lr);
        if (resumeFrom != null) {
            for (TrainingListener l : listeners) {
                if (l instanceof Stateful s && resumeFrom.listeners().containsKey(s.stateKey())) {
                    s.restoreState(resumeFrom.listeners().get(s.stateKey()));
                }
            }
        }
        listeners.forEach(l -> l.onTrainBegin(ctx));
        Loss loss = Loss.softmaxCrossEntropyLoss();
        for (int epoch = done + 1; epoch <= config.epochs() && ctx.stopReason() == null; epoch++) {
            ctx.beginEpoch(epoch);
            long start = System.nanoTime();
            double[] trainFigures = trainEpoch(ctx, network, optimizer, loss, train, epoch);
            double valLoss = Double.NaN;
            double valAccuracy = Double.NaN;
            if (val != null && val.size() > 0) {
                Predictions p = BatchRunner.run(network, val.tensors(), val.labels(), config.batch());
                valLoss = p.meanLoss();
                valAccuracy = p.accuracy(val.labels());
            }
            EpochRecord record = new EpochRecord(epoch, trainFigures[0], trainFigures[1], valLoss, valAccuracy,
                    ctx.learningRate(), (System.nanoTime() - start) / 1e9);
            ctx.addRecord(record);
            for (TrainingListener l : listeners) {
                l.onEpochEnd(ctx, record);
            }
        }
        listeners.forEach(l -> l.onTrainEnd(ctx));
        return ctx;
    }

    /** One pass over the training data; returns {mean loss, accuracy}. */
    private double[] trainEpoch(TrainingContext ctx, Network network, Optimizer optimizer, Loss loss,
            DecodedImages train, int epoch) {
        int n = train.size();
        int batch = Math.min(config.batch(), n);
        int[] order = shuffled(n, new Random(config.seed() * 1_000_003L + epoch));
        int len = network.input().tensorLength();
        int size = network.input().size();
        int channels = network.input().channels();
        float[] pixels = new float[batch * len];
        int[] labels = new int[batch];
        Augmentation augment = config.augment() == null || config.augment().isIdentity() ? null : config.augment();
        float[] black = new float[channels];
        for (int c = 0; c < channels; c++) {
            black[c] = network.input().normalization().apply(0, c, channels);
        }
        // A last batch of one image breaks BatchNorm statistics; it is dropped (and seen next epoch).
        int batches = n % batch == 1 && n > 1 ? n / batch : (n + batch - 1) / batch;
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        Engine engine = Engine.getInstance();
        for (int b = 0; b < batches; b++) {
            int from = b * batch;
            int count = Math.min(batch, n - from);
            // Seeded per epoch and batch, so a resumed run sees the same augmented images.
            Random random = augment == null ? null : new Random(config.seed() * 7_919L + epoch * 1_000_003L + b);
            for (int i = 0; i < count; i++) {
                int idx = order[from + i];
                float[] image = train.tensors()[idx];
                if (augment != null) {
                    image = augment.apply(image, channels, size, random, black);
                }
                System.arraycopy(image, 0, pixels, i * len, len);
                labels[i] = train.labels()[idx];
            }
            try (NDManager step = network.manager().newSubManager()) {
                NDArray x = step.create(FloatBuffer.wrap(pixels, 0, count * len), new Shape(count, channels, size, size));
                NDArray y = step.create(java.util.Arrays.copyOf(labels, count));
                NDArray logits;
                NDArray lossValue;
                try (GradientCollector gc = engine.newGradientCollector()) {
                    logits = network.forward(x, true);
                    lossValue = loss.evaluate(new NDList(y), new NDList(logits));
                    gc.backward(lossValue);
                }
                optimizer.step(network, (float) ctx.learningRate(), step);
                lossSum += lossValue.getFloat() * count;
                long[] predicted = logits.argMax(1).toLongArray();
                for (int i = 0; i < count; i++) {
                    if (predicted[i] == labels[i]) {
                        correct++;
                    }
                }
                seen += count;
            }
            for (TrainingListener l : listeners) {
                l.onBatchEnd(ctx, b + 1, batches, lossSum / seen, correct / (double) seen);
            }
        }
        return new double[] {lossSum / seen, correct / (double) seen};
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The listeners, for callers that need to read their state. */
    public List<TrainingListener> listeners() {
        return new ArrayList<>(listeners);
    }
}
