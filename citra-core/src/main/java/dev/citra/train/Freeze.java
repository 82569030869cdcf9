package dev.citra.train;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What of a network stays fixed while it trains ({@code freeze:}). */
public enum Freeze implements dev.citra.util.Choice {
    /** Everything trains. */
    NONE,
    /** Only the head trains; the backbone runs in inference mode (its BatchNorm statistics kept). */
    BACKBONE;

    /** The name configs and flags use. */
    @JsonValue
    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
