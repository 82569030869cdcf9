package dev.citra.train;

/**
 * Keras's EarlyStopping: stop when {@code monitor} has not improved by more than
 * {@code minDelta} for {@code patience} epochs, then optionally restore the best weights.
 *
 * @param patience epochs without improvement before stopping; 0 turns early stopping off
 * @param monitor {@code val_loss}, {@code val_accuracy}, {@code loss} or {@code accuracy}
 * @param mode {@code min}, {@code max} or {@code auto} (max for accuracy, min for loss)
 */
public record EarlyStoppingConfig(Integer patience, String monitor, String mode, Double minDelta, Boolean restoreBest) {
    public EarlyStoppingConfig {
        patience = patience == null ? 10 : patience;
        monitor = monitor == null ? "val_loss" : monitor;
        mode = mode == null ? "auto" : mode;
        minDelta = minDelta == null ? 0.0 : minDelta;
        restoreBest = restoreBest == null ? Boolean.TRUE : restoreBest;
    }

    public static EarlyStoppingConfig defaults() {
        return new EarlyStoppingConfig(null, null, null, null, null);
    }
}
