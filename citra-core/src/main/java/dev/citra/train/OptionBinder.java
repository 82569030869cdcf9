package dev.citra.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.CitraException;
import dev.citra.util.Choice;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Binds flat config keys (a YAML mapping, or flags) to {@link OptionValues} through the option
 * table: each key must be an option's (nested ones in their mapping: {@code early_stopping: {patience:
 * 5}}), each value of its option's type. Errors name the key, the source and the key's line.
 */
final class OptionBinder {
    /** A recipe file is a config with a recipe: block that tells citra run what to do with it. */
    private static final String RECIPE = "recipe";

    private final ObjectMapper mapper = ConfigIO.yamlMapper();
    private final OptionValues values;
    private final String where;
    private final String text;

    /**
     * @param values the values to bind onto (changed in place)
     * @param where names the source in errors ({@code run.yaml}, {@code the command line})
     * @param text the source's text, to find the line of a key; empty when there is none
     */
    OptionBinder(OptionValues values, String where, String text) {
        this.values = values;
        this.where = where;
        this.text = text;
    }

    /** Binds every key of a YAML document's top-level mapping. */
    OptionValues bindDocument(JsonNode root) {
        if (!root.isObject()) {
            throw new CitraException("Could not read " + where + ": it needs a mapping of keys, such as 'epochs: 5'.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals(RECIPE)) {
                bind(e.getKey(), e.getValue());
            }
        }
        return values;
    }

    /** Binds one key ({@code img_size}, {@code early_stopping.patience}, or a group such as {@code early_stopping}). */
    OptionValues bind(String key, JsonNode node) {
        if (node == null || node.isNull()) {
            return values;
        }
        TrainOption<?> option = TrainOptions.byKey(key);
        if (option != null) {
            return values.put(option, convert(option, node));
        }
        if (keysUnder(key).isEmpty()) {
            throw unknown(key);
        }
        if (!node.isObject()) {
            throw new CitraException("Key '" + key + "' in " + where + line(key) + " has the wrong type: it needs a"
                    + " mapping of keys (" + String.join(", ", keysUnder(key)) + ").");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            bind(key + "." + e.getKey(), e.getValue());
        }
        return values;
    }

    private Object convert(TrainOption<?> option, JsonNode node) {
        if (option.type().isEnum()) {
            return choice(option, node);
        }
        JavaType type = option.type() == List.class
                ? mapper.getTypeFactory().constructCollectionType(List.class, option.element())
                : mapper.getTypeFactory().constructType(option.type());
        try {
            return mapper.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw ConfigIO.explain(e, where, text, option.key());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object choice(TrainOption<?> option, JsonNode node) {
        Class type = option.type();
        String ids = Choice.idsOf(type);
        if (!node.isValueNode() || node.isBoolean()) {
            throw new CitraException("Key '" + option.key() + "' in " + where + line(option.key())
                    + " has the wrong type: it needs one of " + ids + ".");
        }
        Object constant = Choice.find(type, node.asText());
        if (constant == null) {
            throw new CitraException("Unknown " + option.key().replace('_', ' ') + " '" + node.asText() + "' in "
                    + where + line(option.key()) + ": use one of " + ids + ".");
        }
        return constant;
    }

    private CitraException unknown(String key) {
        int dot = key.lastIndexOf('.');
        String name = key.substring(dot + 1);
        return new CitraException("Unknown key '" + name + "' in " + where + line(key) + ": known keys are "
                + String.join(", ", keysUnder(dot < 0 ? "" : key.substring(0, dot))) + ".");
    }

    /** The keys one level under {@code group} (the top-level keys for ""), sorted. */
    private static TreeSet<String> keysUnder(String group) {
        String prefix = group.isEmpty() ? "" : group + ".";
        TreeSet<String> keys = new TreeSet<>();
        for (TrainOption<?> option : TrainOptions.ALL) {
            if (option.key().startsWith(prefix)) {
                keys.add(option.key().substring(prefix.length()).split("\\.")[0]);
            }
        }
        return keys;
    }

    /** " (line N)" for the line of the source that sets {@code key}'s last part, or "" when not known. */
    private String line(String key) {
        int n = text.isEmpty() ? 0 : ConfigIO.lineOf(text, key.substring(key.lastIndexOf('.') + 1));
        return n < 1 ? "" : " (line " + n + ")";
    }
}
