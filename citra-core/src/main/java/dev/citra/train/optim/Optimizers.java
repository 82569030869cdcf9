package dev.citra.train.optim;

import dev.citra.CitraException;
import dev.citra.util.Choice;

/** Creates an optimizer by the name used in flags and configs. */
public final class Optimizers {
    private Optimizers() {}

    /**
     * The optimizer {@code name} names ({@link OptimizerKind}'s words).
     *
     * @throws CitraException naming the accepted names when {@code name} is none of them
     */
    public static Optimizer create(String name, double weightDecay, double momentum) {
        OptimizerKind kind = name == null ? null : Choice.find(OptimizerKind.class, name);
        if (kind == null) {
            throw new CitraException("Unknown optimizer '" + name + "': use one of "
                    + Choice.idsOf(OptimizerKind.class) + ".");
        }
        return kind.create(weightDecay, momentum);
    }
}
