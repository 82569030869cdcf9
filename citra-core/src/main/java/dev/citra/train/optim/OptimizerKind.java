package dev.citra.train.optim;

import dev.citra.util.Choice;
import java.util.Locale;

/** The optimizers a config can name ({@code optimizer: adamw}); each makes its own {@link Optimizer}. */
public enum OptimizerKind implements Choice {
    /** Adam, with L2 decay added to the gradient. */
    ADAM,
    /** AdamW: decoupled weight decay, as PyTorch's. */
    ADAMW,
    /** SGD with momentum. */
    SGD,
    /** RMSprop. */
    RMSPROP;

    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A new optimizer of this kind; {@code momentum} is used by SGD only. */
    public Optimizer create(double weightDecay, double momentum) {
        return switch (this) {
            case ADAM -> new Adam((float) weightDecay);
            case ADAMW -> new AdamW((float) weightDecay);
            case SGD -> new Sgd((float) momentum, (float) weightDecay);
            case RMSPROP -> new RmsProp((float) weightDecay);
        };
    }
}
