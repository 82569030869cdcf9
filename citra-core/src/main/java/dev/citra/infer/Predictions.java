package dev.citra.infer;

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
