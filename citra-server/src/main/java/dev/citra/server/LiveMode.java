package dev.citra.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What the live page asks of a frame: the same three monitors as {@code citra watch}. */
public enum LiveMode {
    /** Every face (Haar cascade) classified as the bundle's input says (S2). */
    EXPRESSION(true),
    /** The largest face's eyes, eye state, the closed-eyes alarm, PERCLOS and blinks (S3). */
    DROWSINESS(true),
    /** The whole frame classified. */
    CLASSIFY(false);

    private final boolean needsCascades;

    LiveMode(boolean needsCascades) {
        this.needsCascades = needsCascades;
    }

    /** Its name in the page and the {@code mode} query parameter. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether it finds faces, and so needs OpenCV's Haar cascades. */
    public boolean needsCascades() {
        return needsCascades;
    }

    /** The mode named {@code id}; a missing or unknown name is refused with the list of modes. */
    public static LiveMode parse(String id) {
        for (LiveMode m : values()) {
            if (m.id().equals(id == null ? "" : id.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw ApiException.badRequest("The live mode '" + id + "' is not known: ask for mode="
                + Arrays.stream(values()).map(LiveMode::id).collect(Collectors.joining(", mode=")) + ".");
    }
}
