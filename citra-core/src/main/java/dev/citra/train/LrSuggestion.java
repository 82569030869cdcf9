package dev.citra.train;

import java.util.List;

/**
 * Where to read a good learning rate off a loss-vs-rate curve, as fastai suggests it. The first
 * tenth of the points (the loss barely moves there) and the last five (it is taking off) are left
 * out, as fastai leaves them out.
 *
 * @param valley the middle of the longest stretch over which the smoothed loss keeps falling
 *     (fastai's default suggestion since 2.5: robust to a noisy curve), or NaN
 * @param valleyIndex the point {@code valley} is read from, or -1
 * @param steepest where the smoothed loss falls fastest against log(rate) (fastai's older
 *     suggestion), or NaN
 * @param steepestIndex the point {@code steepest} is read from, or -1
 */
public record LrSuggestion(double valley, int valleyIndex, double steepest, int steepestIndex) {
    /** Points needed for a suggestion (after the trimming). */
    static final int MIN_POINTS = 3;

    /** The suggestions for {@code points}, in step order. */
    public static LrSuggestion of(List<LrFinder.Point> points) {
        int from = points.size() / 10;
        int to = points.size() - 5;
        if (to - from < MIN_POINTS) {
            return new LrSuggestion(Double.NaN, -1, Double.NaN, -1);
        }
        List<LrFinder.Point> kept = points.subList(from, to);
        int valley = from + valley(kept);
        int steepest = from + steepest(kept);
        return new LrSuggestion(points.get(valley).lr(), valley, points.get(steepest).lr(), steepest);
    }

    /**
     * The longest falling sequence of smoothed losses (not necessarily adjacent points: a noisy
     * bump does not cut it short), from its first to its last point; the index halfway along it.
     */
    static int valley(List<LrFinder.Point> points) {
        int n = points.size();
        int[] length = new int[n];
        int[] first = new int[n];
        int bestEnd = 0;
        for (int i = 0; i < n; i++) {
            length[i] = 1;
            first[i] = i;
            for (int j = 0; j < i; j++) {
                if (points.get(i).smoothed() < points.get(j).smoothed() && length[j] + 1 > length[i]) {
                    length[i] = length[j] + 1;
                    first[i] = first[j];
                }
            }
            if (length[i] > length[bestEnd]) {
                bestEnd = i;
            }
        }
        return first[bestEnd] + (bestEnd - first[bestEnd]) / 2;
    }

    /**
     * The index where d(smoothed loss)/d(log rate) is lowest, the slope taken across a window of
     * about a fifteenth of the curve on each side (one-sided at the ends): between neighbouring
     * points a small bump of the flat start is steeper than the long fall that matters.
     */
    static int steepest(List<LrFinder.Point> points) {
        int n = points.size();
        int half = Math.max(1, n / 15);
        int best = 0;
        double lowest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - half);
            int b = Math.min(n - 1, i + half);
            double slope = (points.get(b).smoothed() - points.get(a).smoothed())
                    / (Math.log(points.get(b).lr()) - Math.log(points.get(a).lr()));
            if (slope < lowest) {
                lowest = slope;
                best = i;
            }
        }
        return best;
    }
}
