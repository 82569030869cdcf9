package dev.citra.train;

/**
 * Keras's EarlyStopping: stop when {@code monitor} has not improved by more than
 * {@code minDelta} for {@code patience} epochs, then end with the best epoch's weights
 * ({@code restoreBest}) or the last epoch's.
 *
 * @param patience epochs without improvement before stopping; 0 turns early stopping off
 * @param monitor {@code val_loss}, {@code val_accuracy}, {@code loss} or {@code accuracy}
 * @param mode {@code min}, {@code max} or {@code auto} (max for accuracy, min for loss)
 */
public record EarlyStoppingConfig(Integer patience, String monitor, String mode, Double minDelta, Boolean restoreBest) {
    public EarlyStoppingConfig {
        patience = TrainOptions.PATIENCE.or(patience);
        monitor = TrainOptions.MONITOR.or(monitor);
        mode = TrainOptions.MODE.or(mode);
        minDelta = TrainOptions.MIN_DELTA.or(minDelta);
        restoreBest = TrainOptions.RESTORE_BEST.or(restoreBest);
    }

    public static EarlyStoppingConfig defaults() {
        return new EarlyStoppingConfig(null, null, null, null, null);
    }
}
