package dev.citra.train;

/**
 * How the learning rate moves during training: held (and lowered by {@code reduce_lr} on a
 * plateau), or set at every step by a cosine or one-cycle curve.
 */
public enum Schedule implements dev.citra.util.Choice {
    /** The rate stays at {@code lr} unless LR reduction lowers it (Keras's default). */
    CONSTANT,
    /** Linear warm-up to {@code lr}, then cosine annealing to 0 (PyTorch's CosineAnnealingLR, eta_min 0). */
    COSINE,
    /** PyTorch's OneCycleLR: cosine up from lr/25 to lr, then down to lr/25e4 (fastai's fit_one_cycle). */
    ONE_CYCLE;

    /** The name configs and flags use. */
    @Override
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
