package dev.citra.train;

/**
 * Keras's ReduceLROnPlateau: multiply the learning rate by {@code factor} when
 * {@code monitor} has not improved for {@code patience} epochs, not below {@code minLr}.
 *
 * @param patience epochs without improvement before reducing; 0 turns it off
 */
public record ReduceLrConfig(Integer patience, String monitor, String mode, Double factor, Double minLr, Double minDelta) {
    public ReduceLrConfig {
        patience = TrainOptions.LR_PATIENCE.or(patience);
        monitor = TrainOptions.LR_MONITOR.or(monitor);
        mode = TrainOptions.LR_MODE.or(mode);
        factor = TrainOptions.LR_FACTOR.or(factor);
        minLr = TrainOptions.MIN_LR.or(minLr);
        minDelta = TrainOptions.LR_MIN_DELTA.or(minDelta);
    }

    public static ReduceLrConfig defaults() {
        return new ReduceLrConfig(null, null, null, null, null, null);
    }
}
