package dev.citra.image;

import dev.citra.util.Choice;
import java.util.Locale;

/**
 * What a config asks for as {@code normalize}: one {@link Normalization} preset, or {@link #AUTO},
 * the preset of the architecture being trained.
 */
public enum NormalizeMode implements Choice {
    /** The architecture's own preset (Keras's {@code preprocess_input}; unit for custom CNNs). */
    AUTO,
    /** {@link Normalization#UNIT}. */
    UNIT,
    /** {@link Normalization#SYMMETRIC} (Keras's {@code tf}). */
    SYMMETRIC,
    /** {@link Normalization#TORCH} (also called {@code imagenet}). */
    TORCH,
    /** {@link Normalization#CAFFE}. */
    CAFFE;

    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Keras's mode names ({@code tf}, and {@code imagenet} for torch) are accepted too. */
    @Override
    public boolean matches(String text) {
        return id().equalsIgnoreCase(text)
                || (this == SYMMETRIC && text.equalsIgnoreCase("tf"))
                || (this == TORCH && text.equalsIgnoreCase("imagenet"));
    }

    /** The preset this means for {@code architecture}. */
    public Normalization resolve(String architecture) {
        return this == AUTO ? Normalization.forBackbone(architecture) : Normalization.valueOf(name());
    }
}
