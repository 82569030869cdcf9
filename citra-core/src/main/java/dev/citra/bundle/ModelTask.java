package dev.citra.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.citra.CitraException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a bundle's model does, as {@code citra.json}'s {@code task} says; bundles written before the
 * field existed are classifiers. Servers and monitors read it to refuse a model of the wrong kind with
 * a clear message instead of failing on its weights.
 */
public enum ModelTask {
    /** An image classifier: an image in, class probabilities out. */
    CLASSIFY("classify"),
    /** An image captioner: an image in, a sentence out. */
    CAPTION("caption");

    private final String id;

    ModelTask(String id) {
        this.id = id;
    }

    /** The name in {@code citra.json} and on the command line. */
    @JsonValue
    public String id() {
        return id;
    }

    /** The task named {@code id}; absent means {@link #CLASSIFY}. */
    @JsonCreator
    public static ModelTask parse(String id) {
        if (id == null || id.isBlank()) {
            return CLASSIFY;
        }
        for (ModelTask task : values()) {
            if (task.id.equals(id.toLowerCase(Locale.ROOT))) {
                return task;
            }
        }
        throw new CitraException("Unknown model task '" + id + "': one of "
                + Arrays.stream(values()).map(ModelTask::id).collect(Collectors.joining(", "))
                + "; the bundle was written by a newer citra, upgrade to load it.");
    }

    @Override
    public String toString() {
        return id;
    }
}
