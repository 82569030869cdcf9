package dev.citra.train;

/**
 * The learning rate of every optimizer step under a {@link Schedule}, as PyTorch's schedulers give
 * it when stepped once per batch. The position is the step's index from the start of training, so
 * a resumed run continues the curve where it stopped.
 *
 * @param kind the curve
 * @param peak the highest rate: {@code lr}
 * @param epochs the epochs the curve spans
 * @param warmupEpochs epochs of warm-up (fractions allowed); for one-cycle, the rising phase, null for
 *     PyTorch's 30%
 * @param after the epoch the curve starts after: 0 from the start of training, the first stage's
 *     last epoch for a fine-tuning stage, which gets a curve of its own
 */
public record LrSchedule(Schedule kind, double peak, int epochs, Double warmupEpochs, int after) {
    /** OneCycleLR's defaults: the start is peak / 25 and the end start / 1e4; it rises for 30% of the steps. */
    static final double DIV_FACTOR = 25;
    static final double FINAL_DIV_FACTOR = 1e4;
    static final double PCT_START = 0.3;

    /** A curve from the start of training. */
    public LrSchedule(Schedule kind, double peak, int epochs, Double warmupEpochs) {
        this(kind, peak, epochs, warmupEpochs, 0);
    }

    /**
     * The rate of the step that ends batch {@code batch} (1-based) of {@code batches} in
     * {@code epoch} (1-based, counted from the start of training).
     */
    public double rate(int epoch, int batch, int batches) {
        long step = (long) (epoch - 1 - after) * batches + (batch - 1);
        long total = (long) epochs * batches;
        return rate(step, total, Math.round((warmupEpochs == null ? 0 : warmupEpochs) * batches));
    }

    /**
     * The rate of step {@code step} (0-based) of {@code total}, with {@code warmup} warm-up steps.
     * Steps past the end keep the last rate.
     */
    double rate(long step, long total, long warmup) {
        long s = Math.min(step, total - 1);
        return switch (kind) {
            case CONSTANT -> peak;
            case COSINE -> cosine(s, total, warmup);
            case ONE_CYCLE -> oneCycle(s, total, warmup);
        };
    }

    /**
     * Warm-up from peak/w to the peak in w equal steps (step i gets peak·(i+1)/w), then
     * CosineAnnealingLR over the remaining steps: peak·(1 + cos(π·t/T))/2.
     */
    private double cosine(long s, long total, long warmup) {
        if (s < warmup) {
            return peak * (s + 1) / warmup;
        }
        long span = total - warmup;
        return peak * (1 + Math.cos(Math.PI * (s - warmup) / span)) / 2;
    }

    /**
     * OneCycleLR with cosine annealing (three_phase false): from peak/25 up to the peak at step
     * {@code up - 1}, then down to peak/25/1e4 at the last step.
     */
    private double oneCycle(long s, long total, long warmup) {
        double initial = peak / DIV_FACTOR;
        double last = initial / FINAL_DIV_FACTOR;
        // PyTorch: the first phase ends at step pct_start·total − 1 (a float), the second at total − 1.
        double upEnd = (warmup > 0 ? warmup : PCT_START * total) - 1;
        double downEnd = total - 1;
        if (s <= upEnd) {
            return annealed(initial, peak, upEnd <= 0 ? 1 : s / upEnd);
        }
        return annealed(peak, last, (s - upEnd) / (downEnd - upEnd));
    }

    private static double annealed(double from, double to, double fraction) {
        return to + (from - to) / 2 * (Math.cos(Math.PI * fraction) + 1);
    }
}
