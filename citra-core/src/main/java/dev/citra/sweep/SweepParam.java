package dev.citra.sweep;

import java.util.List;
import java.util.Random;

/**
 * One swept config key: the values to try, or (random search only) a range to draw from.
 *
 * @param key the config key, nested with '.' ({@code early_stopping.patience})
 * @param values the values in the order given; empty for a range
 * @param range the range to draw from, or null
 */
public record SweepParam(String key, List<Object> values, Range range) {
    public SweepParam {
        values = values == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values));
    }

    /**
     * A range for random search: uniform, or log-uniform (for rates), whole numbers when both ends
     * are written as whole numbers.
     */
    public record Range(double min, double max, boolean log, boolean whole) {
        /** One draw; real numbers keep 4 significant digits, so that trial names stay readable. */
        Object draw(Random random) {
            double u = random.nextDouble();
            double v = log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
            if (whole) {
                return (int) Math.round(v);
            }
            return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
        }
    }

    /** A value for random search: one of the list, or a draw from the range. */
    Object draw(Random random) {
        return range != null ? range.draw(random) : values.get(random.nextInt(values.size()));
    }
}
