package dev.citra.bench;

import java.util.List;
import java.util.Locale;

/**
 * The median of repeated measurements with their range: one run on a shared machine can be off by
 * a lot, and the range says how much to trust the median.
 */
public record Spread(double median, double min, double max) {
    /** The spread of {@code values} (at least one). */
    public static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Spread(median, v[0], v[n - 1]);
    }

    /**
     * {@code 17.7[16.9..18.2]} with the given decimals (one token: bench lines are key=value pairs);
     * just the value when all runs agree.
     */
    public String format(int decimals) {
        String f = "%." + decimals + "f";
        if (min == max) {
            return String.format(Locale.ROOT, f, median);
        }
        return String.format(Locale.ROOT, f + "[" + f + ".." + f + "]", median, min, max);
    }
}
