package dev.citra.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;

/**
 * A normalisation layer with moving statistics that can be frozen: a training pass then runs it
 * in inference mode (Keras's {@code training=False}) and leaves them alone, while its scale and
 * offset still learn.
 */
public abstract class NormLayer extends AbstractBlock {
    private boolean statisticsFrozen;

    protected NormLayer(byte version) {
        super(version);
    }

    /** Freezes (true) or releases the moving statistics. */
    public void freezeStatistics(boolean frozen) {
        statisticsFrozen = frozen;
    }

    /** Whether a training pass leaves the moving statistics alone. */
    public boolean statisticsFrozen() {
        return statisticsFrozen;
    }

    /** Whether a pass with this {@code training} flag normalises with batch statistics and updates the moving ones. */
    protected boolean usesBatchStatistics(boolean training) {
        return training && !statisticsFrozen;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
