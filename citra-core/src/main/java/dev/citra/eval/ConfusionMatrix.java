package dev.citra.eval;

import java.util.List;

/**
 * Counts of (true class, predicted class) pairs; rows are true classes, columns predicted.
 *
 * @param labels class names, indexing rows and columns
 * @param counts {@code counts[t][p]}: images of class t predicted as p
 */
public record ConfusionMatrix(List<String> labels, int[][] counts) {
    public ConfusionMatrix {
        labels = List.copyOf(labels);
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != labels.size()) {
                throw new IllegalArgumentException("row " + i + " has " + counts[i].length + " columns");
            }
            copy[i] = counts[i].clone();
        }
        if (copy.length != labels.size()) {
            throw new IllegalArgumentException(copy.length + " rows for " + labels.size() + " labels");
        }
        counts = copy;
    }

    /** Builds the matrix from true and predicted class indices. */
    public static ConfusionMatrix of(int[] yTrue, int[] yPred, List<String> labels) {
        int[][] m = new int[labels.size()][labels.size()];
        for (int i = 0; i < yTrue.length; i++) {
            m[yTrue[i]][yPred[i]]++;
        }
        return new ConfusionMatrix(labels, m);
    }

    /** Each row divided by its sum (the recall view); rows without samples stay 0. */
    public double[][] rowNormalized() {
        double[][] out = new double[counts.length][counts.length];
        for (int t = 0; t < counts.length; t++) {
            long sum = 0;
            for (int c : counts[t]) {
                sum += c;
            }
            for (int p = 0; p < counts.length; p++) {
                out[t][p] = sum == 0 ? 0 : counts[t][p] / (double) sum;
            }
        }
        return out;
    }

    @Override
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix c && labels.equals(c.labels) && java.util.Arrays.deepEquals(counts, c.counts);
    }

    @Override
    public int hashCode() {
        return labels.hashCode() * 31 + java.util.Arrays.deepHashCode(counts);
    }
}
