package dev.citra.train.optim;

import dev.citra.CitraException;
import java.util.List;
import java.util.Locale;

/** Creates an optimizer by the name used in flags and configs. */
public final class Optimizers {
    /** The names {@link #create} accepts. */
    public static final List<String> NAMES = List.of("adam", "adamw", "sgd", "rmsprop");

    private Optimizers() {}

    public static Optimizer create(String name, double weightDecay, double momentum) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "adam" -> new Adam((float) weightDecay);
            case "adamw" -> new AdamW((float) weightDecay);
            case "sgd" -> new Sgd((float) momentum, (float) weightDecay);
            case "rmsprop" -> new RmsProp((float) weightDecay);
            default -> throw new CitraException("Unknown optimizer '" + name + "': use one of " + NAMES + ".");
        };
    }
}
