package dev.citra.eval;

import dev.citra.CitraException;
import dev.citra.infer.Predictions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The figures of a classifier on a labelled set, computed as scikit-learn's
 * {@code classification_report} (with {@code labels} = all classes and
 * {@code zero_division=0}), {@code confusion_matrix} and {@code top_k_accuracy_score}.
 *
 * @param labels class names; index i names class i
 * @param count number of samples evaluated
 * @param accuracy fraction predicted correctly; NaN when there are no samples
 * @param topK the k of {@link #topKAccuracy()}
 * @param topKAccuracy fraction whose true class is among the k most probable; NaN without
 *     probabilities
 * @param perClass one row per label, in label order, including classes without samples
 * @param macroAvg unweighted mean over all classes; its support is the sample count
 * @param weightedAvg mean weighted by support; its support is the sample count
 */
public record ClassificationMetrics(
        List<String> labels,
        int count,
        double accuracy,
        int topK,
        double topKAccuracy,
        List<ClassMetrics> perClass,
        ClassMetrics macroAvg,
        ClassMetrics weightedAvg,
        ConfusionMatrix confusionMatrix) {

    public ClassificationMetrics {
        labels = List.copyOf(labels);
        perClass = List.copyOf(perClass);
    }

    /**
     * Computes every figure.
     *
     * @param yTrue true class index per sample, in {@code [0, labels.size())}
     * @param yPred predicted class index per sample
     * @param probabilities [sample][class] scores, or null (then top-k accuracy is NaN)
     * @param labels distinct class names; classes absent from both arrays still get a row
     * @param topK at least 1; clipped to the number of classes
     * @throws IllegalArgumentException on mismatched lengths, out-of-range indices, or bad labels
     */
    public static ClassificationMetrics compute(int[] yTrue, int[] yPred, float[][] probabilities, List<String> labels,
            int topK) {
        int n = yTrue.length;
        int classes = labels.size();
        if (classes == 0) {
            throw new IllegalArgumentException("labels must name at least one class");
        }
        if (new HashSet<>(labels).size() != classes) {
            // Reports key per-class rows by label, so two classes with one name would merge.
            throw new IllegalArgumentException("labels must be distinct: " + labels);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, not " + topK);
        }
        if (yPred.length != n || (probabilities != null && probabilities.length != n)) {
            throw new IllegalArgumentException("yTrue (" + n + "), yPred (" + yPred.length + ") and probabilities ("
                    + (probabilities == null ? "null" : probabilities.length) + ") must have the same length");
        }
        int nonFinite = probabilities == null ? 0 : Predictions.nonFiniteRows(probabilities);
        if (nonFinite > 0) {
            throw new CitraException("The model's scores for " + nonFinite + " of " + n
                    + " images are NaN or infinite, so no accuracy or top-k can be computed: its weights are broken (a"
                    + " training run that diverged); evaluate a checkpoint from before it diverged.");
        }
        for (int i = 0; i < n; i++) {
            if (yTrue[i] < 0 || yTrue[i] >= classes || yPred[i] < 0 || yPred[i] >= classes) {
                throw new IllegalArgumentException("class index out of range 0.." + (classes - 1) + " at sample " + i
                        + ": true " + yTrue[i] + ", predicted " + yPred[i]);
            }
            if (probabilities != null && probabilities[i].length != classes) {
                throw new IllegalArgumentException("probabilities row " + i + " has " + probabilities[i].length
                        + " scores for " + classes + " labels");
            }
        }
        int k = Math.min(topK, classes);
        Long hits = probabilities == null ? null : topKHits(yTrue, probabilities, k);
        return fromCounts(ConfusionMatrix.of(yTrue, yPred, labels), topK, hits);
    }

    /**
     * Computes every figure from counts alone, as {@link #compute} does, for callers that
     * aggregate elsewhere (a cluster job counts (true, predicted) pairs and top-k hits).
     *
     * @param matrix the (true, predicted) counts
     * @param topK at least 1; clipped to the number of classes
     * @param topKHits samples whose true class is among the k most probable (as
     *     {@link #inTopK} decides), or null when there are no probabilities (top-k accuracy NaN)
     */
    public static ClassificationMetrics fromCounts(ConfusionMatrix matrix, int topK, Long topKHits) {
        List<String> labels = matrix.labels();
        int classes = labels.size();
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, not " + topK);
        }
        int[][] m = matrix.counts();
        int n = 0;
        long correct = 0;
        for (int c = 0; c < classes; c++) {
            correct += m[c][c];
            for (int p = 0; p < classes; p++) {
                n = Math.addExact(n, m[c][p]);
            }
        }
        List<ClassMetrics> rows = new ArrayList<>();
        double sumP = 0;
        double sumR = 0;
        double sumF = 0;
        double wP = 0;
        double wR = 0;
        double wF = 0;
        for (int c = 0; c < classes; c++) {
            long tp = m[c][c];
            long support = 0;
            long predicted = 0;
            for (int k = 0; k < classes; k++) {
                support += m[c][k];
                predicted += m[k][c];
            }
            double precision = predicted == 0 ? 0 : tp / (double) predicted;
            double recall = support == 0 ? 0 : tp / (double) support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            rows.add(new ClassMetrics(labels.get(c), precision, recall, f1, (int) support));
            sumP += precision;
            sumR += recall;
            sumF += f1;
            wP += precision * support;
            wR += recall * support;
            wF += f1 * support;
        }
        ClassMetrics macro = new ClassMetrics("macro avg", sumP / classes, sumR / classes, sumF / classes, n);
        ClassMetrics weighted = n == 0 ? new ClassMetrics("weighted avg", 0, 0, 0, 0)
                : new ClassMetrics("weighted avg", wP / n, wR / n, wF / n, n);
        int k = Math.min(topK, classes);
        double topKAccuracy = topKHits == null || n == 0 ? Double.NaN : topKHits / (double) n;
        return new ClassificationMetrics(labels, n, n == 0 ? Double.NaN : correct / (double) n, k, topKAccuracy, rows,
                macro, weighted, matrix);
    }

    private static long topKHits(int[] yTrue, float[][] probabilities, int k) {
        long hits = 0;
        for (int i = 0; i < yTrue.length; i++) {
            if (inTopK(probabilities[i], yTrue[i], k)) {
                hits++;
            }
        }
        return hits;
    }

    /**
     * Whether {@code trueClass} is among the {@code k} highest of {@code probabilities}. A tie at
     * the k-th place counts against the true class only when more than k scores beat or equal
     * it, as scikit-learn ranks with a stable arg-sort.
     */
    public static boolean inTopK(float[] probabilities, int trueClass, int k) {
        float own = probabilities[trueClass];
        int better = 0;
        for (int c = 0; c < probabilities.length; c++) {
            // sklearn sorts descending by score with a stable sort on the reversed order, so
            // among equal scores the higher class index ranks first.
            if (probabilities[c] > own || (probabilities[c] == own && c > trueClass)) {
                better++;
            }
        }
        return better < k;
    }
}
