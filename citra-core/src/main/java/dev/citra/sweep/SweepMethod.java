package dev.citra.sweep;

/** How a sweep chooses its trials. */
public enum SweepMethod {
    /** Every combination of the listed values. */
    GRID,
    /** {@code trials} combinations drawn at random (seeded) from the lists and ranges. */
    RANDOM,
    /**
     * One stage after another, each a grid over its own keys with the best values of the stages
     * before it fixed (S2: batch sizes at fixed epochs, then epochs at the best batch, then dropout).
     */
    STAGED
}
