package dev.citra.train;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How training evens out classes of different sizes ({@code balance:}). */
public enum Balance implements dev.citra.util.Choice {
    /** Every image once an epoch, as it comes. */
    NONE,
    /** A class-weighted loss, n / (classes · n_c), as scikit-learn's "balanced". */
    WEIGHTS,
    /** Smaller classes drawn again each epoch until every class is as large as the largest. */
    OVERSAMPLE;

    /** The name configs and flags use. */
    @JsonValue
    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
