package dev.citra.caption;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns image features into captions with a trained {@link CaptionModel}, in inference mode: greedy
 * (the most probable word at every step, many images at once) or beam search (the K most probable
 * partial captions kept at every step, ranked at the end by log-probability / length^alpha). Both
 * stop at {@code <end>} or after the maximum length.
 */
public final class CaptionDecoder {
    private final CaptionModel model;
    private final Vocabulary vocabulary;
    private final Shape featureShape;
    private final int maxLength;

    /**
     * @param featureShape one image's features: (D), or (regions, D) for attention
     * @param maxLength the most words a caption gets (its {@code <end>} not counted)
     */
    public CaptionDecoder(CaptionModel model, Vocabulary vocabulary, Shape featureShape, int maxLength) {
        this.model = model;
        this.vocabulary = vocabulary;
        this.featureShape = featureShape;
        this.maxLength = maxLength;
    }

    /** A caption with the log-probability the decoder gave it. */
    public record Caption(List<String> words, double logProbability) {
        public String text() {
            return String.join(" ", words);
        }
    }

    /** Greedy captions of many images, decoded together in batches of {@code batch}. */
    public List<Caption> greedy(float[][] features, int batch) {
        List<Caption> out = new ArrayList<>(features.length);
        for (int from = 0; from < features.length; from += batch) {
            int count = Math.min(batch, features.length - from);
            out.addAll(greedyBatch(Arrays.copyOfRange(features, from, from + count)));
        }
        return out;
    }

    private List<Caption> greedyBatch(float[][] features) {
        int n = features.length;
        int[][] words = new int[n][maxLength + 1];
        int[] lengths = new int[n];
        double[] logp = new double[n];
        boolean[] done = new boolean[n];
        try (NDManager scope = model.manager().newSubManager()) {
            CaptionModel.State state = model.begin(stack(scope, features));
            long[] tokens = new long[n];
            Arrays.fill(tokens, vocabulary.start());
            for (int t = 0; t <= maxLength; t++) {
                float[] scores = model.step(state, scope.create(tokens)).logSoftmax(1).toFloatArray();
                int v = vocabulary.size();
                boolean all = true;
                for (int i = 0; i < n; i++) {
                    int best = argMax(scores, i * v, v, t == maxLength);
                    if (!done[i]) {
                        logp[i] += scores[i * v + best];
                        if (best == vocabulary.end()) {
                            done[i] = true;
                        } else {
                            words[i][lengths[i]++] = best;
                        }
                    }
                    tokens[i] = best;
                    all &= done[i];
                }
                if (all) {
                    break;
                }
            }
        }
        List<Caption> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Caption(vocabulary.decode(Arrays.copyOf(words[i], lengths[i])), logp[i]));
        }
        return out;
    }

    /**
     * The best caption of one image by beam search of width {@code beam}; {@code alpha} is the
     * length normalisation's exponent (0: the raw log-probability, which favours short captions).
     */
    public Caption beam(float[] features, int beam, double alpha) {
        int v = vocabulary.size();
        List<int[]> alive = new ArrayList<>(List.of(new int[0]));
        double[] aliveScores = {0};
        List<int[]> finished = new ArrayList<>();
        List<Double> finishedScores = new ArrayList<>();
        try (NDManager scope = model.manager().newSubManager()) {
            CaptionModel.State state = model.begin(stack(scope, new float[][] {features}));
            long[] tokens = {vocabulary.start()};
            for (int t = 0; t <= maxLength && !alive.isEmpty(); t++) {
                float[] scores = model.step(state, scope.create(tokens)).logSoftmax(1).toFloatArray();
                // The best `beam` continuations of all live captions; <end> is forced at the last step.
                int rows = alive.size();
                double[] candidateScores = new double[rows * v];
                for (int r = 0; r < rows; r++) {
                    for (int w = 0; w < v; w++) {
                        boolean allowed = w != vocabulary.pad() && w != vocabulary.start()
                                && (t < maxLength || w == vocabulary.end());
                        candidateScores[r * v + w] = allowed ? aliveScores[r] + scores[r * v + w]
                                : Double.NEGATIVE_INFINITY;
                    }
                }
                int[] top = topIndices(candidateScores, beam);
                List<int[]> nextAlive = new ArrayList<>();
                List<Double> nextScores = new ArrayList<>();
                List<Long> parents = new ArrayList<>();
                for (int index : top) {
                    if (candidateScores[index] == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    int parent = index / v;
                    int word = index % v;
                    if (word == vocabulary.end()) {
                        finished.add(alive.get(parent));
                        finishedScores.add(candidateScores[index]);
                    } else {
                        int[] grown = Arrays.copyOf(alive.get(parent), alive.get(parent).length + 1);
                        grown[grown.length - 1] = word;
                        nextAlive.add(grown);
                        nextScores.add(candidateScores[index]);
                        parents.add((long) parent);
                    }
                }
                // Done when `beam` captions have ended (as the usual implementations stop).
                if (finished.size() >= beam || nextAlive.isEmpty()) {
                    break;
                }
                alive = nextAlive;
                aliveScores = nextScores.stream().mapToDouble(Double::doubleValue).toArray();
                long[] rowsKept = parents.stream().mapToLong(Long::longValue).toArray();
                state = state.select(scope.create(rowsKept));
                tokens = alive.stream().mapToLong(a -> a[a.length - 1]).toArray();
            }
        }
        if (finished.isEmpty()) {
            finished.addAll(alive);
            for (double s : aliveScores) {
                finishedScores.add(s);
            }
        }
        int best = 0;
        for (int i = 1; i < finished.size(); i++) {
            if (normalised(finishedScores.get(i), finished.get(i).length, alpha)
                    > normalised(finishedScores.get(best), finished.get(best).length, alpha)) {
                best = i;
            }
        }
        return new Caption(vocabulary.decode(finished.get(best)), finishedScores.get(best));
    }

    /** Log-probability over length^alpha, the length counting the {@code <end>} token. */
    static double normalised(double logProbability, int words, double alpha) {
        return alpha == 0 ? logProbability : logProbability / Math.pow(words + 1, alpha);
    }

    private NDArray stack(NDManager scope, float[][] features) {
        int width = Math.toIntExact(featureShape.size());
        float[] flat = new float[features.length * width];
        for (int i = 0; i < features.length; i++) {
            System.arraycopy(features[i], 0, flat, i * width, width);
        }
        return scope.create(FloatBuffer.wrap(flat), new Shape(features.length).addAll(featureShape));
    }

    /** The most probable word among row {@code offset}; at the last step only {@code <end>} is left. */
    private int argMax(float[] scores, int offset, int v, boolean last) {
        if (last) {
            return vocabulary.end();
        }
        int best = -1;
        for (int w = 0; w < v; w++) {
            if (w == vocabulary.pad() || w == vocabulary.start()) {
                continue;
            }
            if (best < 0 || scores[offset + w] > scores[offset + best]) {
                best = w;
            }
        }
        return best;
    }

    /** Indices of the {@code k} largest values, largest first (ties: the lower index). */
    static int[] topIndices(double[] values, int k) {
        int[] top = new int[Math.min(k, values.length)];
        Arrays.fill(top, -1);
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < top.length; j++) {
                if (top[j] < 0 || values[i] > values[top[j]]) {
                    System.arraycopy(top, j, top, j + 1, top.length - j - 1);
                    top[j] = i;
                    break;
                }
            }
        }
        return top;
    }
}
