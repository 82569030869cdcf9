package dev.citra.train;

import dev.citra.util.Choice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config as its flat options: each value of its option's type, keyed by the option's key. This is
 * the form configs are bound from and written as; {@link TrainConfig} is made from it, one nested
 * record per concern. An option not set reads as its default.
 */
public final class OptionValues {
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** The value of {@code option}, or its default when not set. */
    public <T> T get(TrainOption<T> option) {
        Object value = values.get(option.key());
        return value == null ? option.defaultValue() : option.type().cast(value);
    }

    /** Sets {@code option}; null unsets it (it reads as its default again). */
    public <T> OptionValues set(TrainOption<T> option, T value) {
        return put(option, value);
    }

    /** Sets an option to a value already checked to be of its type (by the binder). */
    OptionValues put(TrainOption<?> option, Object value) {
        if (value == null) {
            values.remove(option.key());
        } else {
            values.put(option.key(), option.type().cast(value));
        }
        return this;
    }

    /**
     * The values as config.yaml holds them, in the table's order: a dotted key becomes a nested
     * mapping ({@code early_stopping: {patience: 5}}), a choice its word; options not set are left out.
     */
    public Map<String, Object> toYamlTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        for (TrainOption<?> option : TrainOptions.ALL) {
            Object value = values.get(option.key());
            if (value == null) {
                continue;
            }
            Object written = value instanceof Enum<?> e ? Choice.idOf(e) : value;
            String[] path = option.key().split("\\.");
            Map<String, Object> node = tree;
            for (int i = 0; i < path.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(path[i],
                        k -> new LinkedHashMap<String, Object>());
                node = child;
            }
            node.put(path[path.length - 1], written instanceof List<?> l ? List.copyOf(l) : written);
        }
        return tree;
    }
}
