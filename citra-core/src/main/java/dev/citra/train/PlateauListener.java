package dev.citra.train;

import java.util.Map;

/**
 * A listener that watches one metric for improvement and keeps that watch across a
 * {@code --resume}: the shared part of early stopping, LR reduction and best checkpoints.
 */
public abstract class PlateauListener implements TrainingListener, Stateful {
    protected final Plateau plateau;

    PlateauListener(Monitor monitor, double minDelta) {
        this.plateau = new Plateau(monitor, minDelta);
    }

    /** Starts watching afresh: a new training stage is judged on its own epochs. */
    public void reset() {
        plateau.reset();
    }

    @Override
    public final Map<String, Object> saveState() {
        return plateau.save();
    }

    @Override
    public final void restoreState(Map<String, Object> state) {
        plateau.restore(state);
    }
}
