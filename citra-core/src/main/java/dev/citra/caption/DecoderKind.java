package dev.citra.caption;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.citra.CitraException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the decoder combines the image with the words so far. */
public enum DecoderKind {
    /**
     * S0's model (Tanti et al.'s "merge"): the LSTM reads only the words; its output is added to the
     * projected image feature at every step, then a dense layer and the softmax.
     */
    MERGE,
    /** The image feature, projected, is the LSTM's initial hidden and cell state ("init-inject"). */
    INJECT,
    /**
     * Soft attention (Show, Attend and Tell): at every step the LSTM attends over the encoder's
     * spatial grid, with the doubly stochastic regularisation of the attention weights.
     */
    ATTENTION;

    /** The name in flags, configs and bundles. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the decoder reads the encoder's spatial grid rather than its pooled vector. */
    public boolean usesGrid() {
        return this == ATTENTION;
    }

    @JsonCreator
    public static DecoderKind parse(String text) {
        for (DecoderKind k : values()) {
            if (k.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return k;
            }
        }
        throw new CitraException("Unknown decoder '" + text + "': use one of "
                + Arrays.stream(values()).map(DecoderKind::id).collect(Collectors.joining(", ")) + ".");
    }

    @Override
    public String toString() {
        return id();
    }
}
