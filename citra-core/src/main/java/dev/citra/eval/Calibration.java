package dev.citra.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * How far a classifier's confidence can be trusted: images binned by the probability of their
 * predicted class, each bin's mean confidence beside its accuracy (the reliability diagram), and
 * the expected calibration error (Guo et al. 2017): the bins' |accuracy − confidence| weighted by
 * their share of the images. A well-calibrated model that says 0.9 is right nine times in ten;
 * one trained on imbalanced classes or for many epochs is often over-confident.
 *
 * @param bins equal-width confidence bins over [0, 1], empty ones included
 * @param ece expected calibration error, in [0, 1]
 * @param mce maximum calibration error over the non-empty bins
 */
public record Calibration(List<Bin> bins, double ece, double mce) {
    /** The usual number of bins (Guo et al.). */
    public static final int BINS = 15;

    public Calibration {
        bins = List.copyOf(bins);
    }

    /**
     * One bin of confidence values.
     *
     * @param confidence mean probability of the predicted class (NaN when empty)
     * @param accuracy share of the bin's images predicted right (NaN when empty)
     */
    public record Bin(double lower, double upper, int count, double confidence, double accuracy) {}

    /**
     * Calibration of {@code probabilities} against the true classes, in {@code binCount} bins; an
     * image's confidence is its highest probability, and a tie goes to the lowest class.
     */
    public static Calibration of(int[] yTrue, float[][] probabilities, int binCount) {
        if (yTrue.length != probabilities.length) {
            throw new IllegalArgumentException(yTrue.length + " labels for " + probabilities.length + " rows");
        }
        int[] count = new int[binCount];
        double[] confidence = new double[binCount];
        int[] correct = new int[binCount];
        for (int i = 0; i < yTrue.length; i++) {
            float[] p = probabilities[i];
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            // Bins are (lower, upper], the first one closed: a confidence of exactly 1 is in the last.
            int b = Math.min(binCount - 1, Math.max(0, (int) Math.ceil(p[best] * binCount) - 1));
            count[b]++;
            confidence[b] += p[best];
            correct[b] += best == yTrue[i] ? 1 : 0;
        }
        List<Bin> bins = new ArrayList<>(binCount);
        double ece = 0;
        double mce = 0;
        for (int b = 0; b < binCount; b++) {
            double conf = count[b] == 0 ? Double.NaN : confidence[b] / count[b];
            double acc = count[b] == 0 ? Double.NaN : correct[b] / (double) count[b];
            bins.add(new Bin(b / (double) binCount, (b + 1) / (double) binCount, count[b], conf, acc));
            if (count[b] > 0) {
                double gap = Math.abs(acc - conf);
                ece += gap * count[b] / yTrue.length;
                mce = Math.max(mce, gap);
            }
        }
        return new Calibration(bins, yTrue.length == 0 ? Double.NaN : ece, mce);
    }
}
