package dev.citra.caption;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.citra.eval.EpochRecord;
import dev.citra.train.FitLoop;
import dev.citra.train.TrainingContext;
import dev.citra.train.TrainingDivergedException;
import java.nio.FloatBuffer;
import java.util.List;
import dev.citra.util.Permutations;
import java.util.Random;

/**
 * One epoch of caption training: teacher forcing on shuffled (image, caption) pairs, each batch
 * padded to its longest caption, the cross-entropy averaged over the real tokens only (padding is
 * masked out), plus for attention the doubly stochastic regularisation; then the same loss and
 * the token accuracy on the validation pairs, in inference mode.
 */
public final class CaptionTrainer implements FitLoop.Epoch {
    private final CaptionModel model;
    private final CaptionSet train;
    private final CaptionSet val;
    private final int batch;
    private final long seed;
    private final double attentionReg;
    private final int pad;
    private final Shape featureShape;
    private final List<dev.citra.train.TrainingListener> listeners;

    /**
     * @param featureShape one image's features: (D) or (regions, D)
     * @param listeners told of every batch (the progress bar)
     */
    public CaptionTrainer(CaptionModel model, CaptionSet train, CaptionSet val, Shape featureShape, int batch,
            long seed, double attentionReg, int pad, List<dev.citra.train.TrainingListener> listeners) {
        this.model = model;
        this.train = train;
        this.val = val;
        this.batch = batch;
        this.seed = seed;
        this.attentionReg = attentionReg;
        this.pad = pad;
        this.featureShape = featureShape;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public EpochRecord run(TrainingContext ctx, int epoch) {
        long start = System.nanoTime();
        int[] order = Permutations.shuffled(train.captions().size(), new Random(seed * 1_000_003L + epoch));
        int n = order.length;
        int size = Math.min(batch, n);
        int batches = (n + size - 1) / size;
        double lossSum = 0;
        long tokens = 0;
        long correct = 0;
        Engine engine = Engine.getInstance();
        for (int b = 0; b < batches; b++) {
            int from = b * size;
            int count = Math.min(size, n - from);
            try (NDManager step = model.manager().newSubManager()) {
                Batch x = batch(step, train, order, from, count);
                float loss;
                long[] figures;
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDList out = model.forward(x.features, x.inputs, true);
                    NDArray[] lossAndCounts = loss(out, x);
                    gc.backward(lossAndCounts[0]);
                    loss = lossAndCounts[0].getFloat();
                    figures = lossAndCounts[1].toLongArray();
                }
                FitLoop.step(ctx, loss, b + 1, batches, step);
                lossSum += (double) loss * figures[0];
                tokens += figures[0];
                correct += figures[1];
            }
            for (var l : listeners) {
                l.onBatchEnd(ctx, b + 1, batches, lossSum / tokens, correct / (double) tokens);
            }
        }
        double[] valFigures = val.captions().isEmpty() ? new double[] {Double.NaN, Double.NaN} : evaluate(val);
        if (!val.captions().isEmpty() && !Double.isFinite(valFigures[0])) {
            throw new TrainingDivergedException(epoch, 0, 0, "the validation loss became " + valFigures[0]
                    + " while the training loss was finite", ctx.learningRate());
        }
        return new EpochRecord(epoch, lossSum / tokens, correct / (double) tokens, valFigures[0], valFigures[1],
                Double.NaN, ctx.learningRate(), (System.nanoTime() - start) / 1e9);
    }

    /** Masked cross-entropy per token and token accuracy on {@code set}, in inference mode: {loss, accuracy}. */
    public double[] evaluate(CaptionSet set) {
        int n = set.captions().size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double lossSum = 0;
        long tokens = 0;
        long correct = 0;
        for (int from = 0; from < n; from += batch) {
            int count = Math.min(batch, n - from);
            try (NDManager step = model.manager().newSubManager()) {
                Batch x = batch(step, set, order, from, count);
                NDArray[] lossAndCounts = loss(model.forward(x.features, x.inputs, false), x);
                long[] figures = lossAndCounts[1].toLongArray();
                // Only the cross-entropy: the regulariser is a training device, not a quality.
                lossSum += lossAndCounts[2].getFloat() * figures[0];
                tokens += figures[0];
                correct += figures[1];
            }
        }
        return new double[] {lossSum / tokens, correct / (double) tokens};
    }

    /** The loss to minimise, {tokens, correct} and the bare cross-entropy, from the decoder's outputs. */
    private NDArray[] loss(NDList out, Batch x) {
        NDArray logits = out.get(0);
        NDArray logp = logits.logSoftmax(2);
        NDArray picked = logp.gather(x.targets.expandDims(2), 2).squeeze(2);
        NDArray mask = x.targets.neq(pad).toType(DataType.FLOAT32, false);
        NDArray count = mask.sum();
        NDArray crossEntropy = picked.mul(mask).sum().neg().div(count);
        NDArray total = crossEntropy;
        if (out.size() > 1 && attentionReg > 0) {
            // Σ_t α_t,i over the real steps should be about 1 for every region i (Xu et al. 2015, eq. 14),
            // averaged over the regions rather than summed, so that λ = 1 weighs it like the cross-entropy
            // whatever the grid's size (as the common PyTorch implementation does).
            NDArray attended = out.get(1).mul(mask.expandDims(2)).sum(new int[] {1});
            total = crossEntropy.add(attended.neg().add(1).square().mean().mul((float) attentionReg));
        }
        NDArray hits = logits.argMax(2).eq(x.targets).toType(DataType.FLOAT32, false).mul(mask).sum();
        NDArray counts = count.toType(DataType.INT64, false).stack(hits.toType(DataType.INT64, false));
        return new NDArray[] {total, counts, crossEntropy};
    }

    private record Batch(NDArray features, NDArray inputs, NDArray targets) {}

    /** Rows {@code order[from..from+count)} of a set: features, inputs and targets padded to the longest. */
    private Batch batch(NDManager m, CaptionSet set, int[] order, int from, int count) {
        int longest = 0;
        for (int i = 0; i < count; i++) {
            longest = Math.max(longest, set.captions().get(order[from + i]).tokens().length - 1);
        }
        long[] inputs = new long[count * longest];
        long[] targets = new long[count * longest];
        java.util.Arrays.fill(inputs, pad);
        java.util.Arrays.fill(targets, pad);
        int width = Math.toIntExact(featureShape.size());
        float[] features = new float[count * width];
        for (int i = 0; i < count; i++) {
            CaptionSet.Pair p = set.captions().get(order[from + i]);
            int[] ids = p.tokens();
            for (int t = 0; t < ids.length - 1; t++) {
                inputs[i * longest + t] = ids[t];
                targets[i * longest + t] = ids[t + 1];
            }
            System.arraycopy(set.features()[p.image()], 0, features, i * width, width);
        }
        return new Batch(m.create(FloatBuffer.wrap(features), new Shape(count).addAll(featureShape)),
                m.create(inputs, new Shape(count, longest)), m.create(targets, new Shape(count, longest)));
    }

}
