package dev.citra.train;

/**
 * Keras's ReduceLROnPlateau: multiply the learning rate by {@code factor} when
 * {@code monitor} has not improved for {@code patience} epochs, not below {@code minLr}.
 *
 * @param patience epochs without improvement before reducing; 0 turns it off
 */
public record ReduceLrConfig(Integer patience, String monitor, String mode, Double factor, Double minLr, Double minDelta) {
    public ReduceLrConfig {
        patience = patience == null ? 5 : patience;
        monitor = monitor == null ? "val_loss" : monitor;
        mode = mode == null ? "auto" : mode;
        factor = factor == null ? 0.1 : factor;
        minLr = minLr == null ? 1e-6 : minLr;
        minDelta = minDelta == null ? 1e-4 : minDelta;
    }

    public static ReduceLrConfig defaults() {
        return new ReduceLrConfig(null, null, null, null, null, null);
    }
}
