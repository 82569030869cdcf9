package dev.citra.infer;

import dev.citra.CitraException;

/**
 * Network outputs over a set of images.
 *
 * @param probabilities softmax probabilities, [image][class]
 * @param predicted arg-max class per image
 * @param meanLoss mean cross-entropy against the given labels, NaN without labels
 */
public record Predictions(float[][] probabilities, int[] predicted, double meanLoss) {
    public int size() {
        return predicted.length;
    }

    /** The number of images whose scores hold a NaN or an infinity. */
    public int nonFinite() {
        return nonFiniteRows(probabilities);
    }

    /**
     * Refuses scores that are not numbers, which every figure built on them would silently get
     * wrong (a NaN compares as neither larger nor smaller, so it lands anywhere in a top-k).
     *
     * @param model names the model in the message
     * @return this
     */
    public Predictions requireFinite(String model) {
        int bad = nonFinite();
        if (bad > 0) {
            throw new CitraException(model + " gives NaN or infinite scores for " + bad + " of " + size()
                    + " images: its weights are broken (a training run that diverged); use a checkpoint from before"
                    + " it diverged, or train again with a lower learning rate.");
        }
        return this;
    }

    /** The number of rows of {@code scores} holding a NaN or an infinity. */
    public static int nonFiniteRows(float[][] scores) {
        int bad = 0;
        for (float[] row : scores) {
            for (float v : row) {
                if (!Float.isFinite(v)) {
                    bad++;
                    break;
                }
            }
        }
        return bad;
    }

    /** Fraction of predictions equal to {@code labels}. */
    public double accuracy(int[] labels) {
        if (labels.length == 0) {
            return Double.NaN;
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return correct / (double) labels.length;
    }
}
