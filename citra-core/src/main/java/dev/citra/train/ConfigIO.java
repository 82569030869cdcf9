package dev.citra.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.citra.CitraException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads and writes configs as YAML ({@link TrainConfig}, and any task's config record), with errors
 * that name the key, the file and the line. A {@link TrainConfig} is bound through its option table
 * (flat keys, as users write them); other records bind directly.
 */
public final class ConfigIO {
    private ConfigIO() {}

    /** The mapper citra uses for configs: snake_case keys, unknown keys are errors. */
    public static ObjectMapper yamlMapper() {
        return new ObjectMapper(new YAMLFactory()
                        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /** Reads a YAML config file. */
    public static TrainConfig read(Path file) {
        return read(file, TrainConfig.class);
    }

    /** Reads a YAML file as a config of {@code type}. */
    public static <T> T read(Path file, Class<T> type) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CitraException("Config file " + file + " does not exist: check the --config path.");
        } catch (IOException e) {
            throw new CitraException("Could not read config file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString(), type);
    }

    /** Parses YAML text; {@code where} names the source in errors. */
    public static TrainConfig parse(String yaml, String where) {
        return parse(yaml, where, TrainConfig.class);
    }

    /** Parses YAML text as a config of {@code type}; {@code where} names the source in errors. */
    public static <T> T parse(String yaml, String where, Class<T> type) {
        if (yaml.isBlank()) {
            return fromMap(Map.of(), type);
        }
        try {
            if (type == TrainConfig.class) {
                OptionValues values = new OptionValues();
                com.fasterxml.jackson.databind.JsonNode root = yamlMapper().readTree(yaml);
                if (root != null && !root.isMissingNode() && !root.isNull()) {
                    new OptionBinder(values, where, yaml).bindDocument(root);
                }
                return type.cast(TrainConfig.of(values));
            }
            return yamlMapper().readValue(yaml, type);
        } catch (JsonProcessingException e) {
            throw explain(e, where, yaml);
        }
    }

    /** Applies {@code overrides} (snake_case keys; nested with '.') on top of {@code base}. */
    public static TrainConfig merge(TrainConfig base, Map<String, Object> overrides) {
        return merge(base, overrides, TrainConfig.class);
    }

    /** Applies {@code overrides} (snake_case keys; nested with '.') on top of a config of {@code type}. */
    public static <T> T merge(T base, Map<String, Object> overrides, Class<T> type) {
        return merge(base, overrides, type, "the command line", "");
    }

    /**
     * As {@link #merge(Object, Map, Class)}, for overrides read from a file: errors name {@code where}
     * and the line of {@code text} that sets the failing key.
     */
    public static <T> T merge(T base, Map<String, Object> overrides, Class<T> type, String where, String text) {
        ObjectMapper mapper = yamlMapper();
        if (base instanceof TrainConfig config) {
            OptionValues merged = config.values();
            OptionBinder binder = new OptionBinder(merged, where, text);
            for (Map.Entry<String, Object> e : overrides.entrySet()) {
                binder.bind(e.getKey(), mapper.valueToTree(e.getValue()));
            }
            return type.cast(TrainConfig.of(merged));
        }
        ObjectNode tree = mapper.valueToTree(base);
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            String[] path = e.getKey().split("\\.");
            ObjectNode node = tree;
            for (int i = 0; i < path.length - 1; i++) {
                node = node.has(path[i]) && node.get(path[i]).isObject()
                        ? (ObjectNode) node.get(path[i]) : node.putObject(path[i]);
            }
            node.set(path[path.length - 1], mapper.valueToTree(e.getValue()));
        }
        try {
            return mapper.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw explain(e, where, text);
        }
    }

    /** A config from a plain map (for tests and the library). */
    public static TrainConfig fromMap(Map<String, Object> values) {
        return fromMap(values, TrainConfig.class);
    }

    /** A config of {@code type} from a plain map: every key it lacks takes its default. */
    public static <T> T fromMap(Map<String, Object> values, Class<T> type) {
        if (type == TrainConfig.class) {
            return type.cast(merge(TrainConfig.defaults(), values));
        }
        try {
            // An empty mapping gives every default, whatever fields the record has.
            return merge(yamlMapper().readValue("{}", type), values, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a config as YAML text. */
    public static String toYaml(Object config) {
        try {
            return yamlMapper().writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CitraException explain(JsonProcessingException e, String where, String text) {
        return explain(e, where, text, "");
    }

    /**
     * One sentence for a binding error; {@code key} is the option the failing value was bound for
     * ("" for a whole document), which the error's own path continues.
     */
    static CitraException explain(JsonProcessingException e, String where, String text, String key) {
        int lineNr = e instanceof JsonMappingException m ? lineOf(text, m) : 0;
        if (lineNr < 1 && !key.isEmpty() && !text.isEmpty()) {
            lineNr = lineOf(text, key.substring(key.lastIndexOf('.') + 1));
        }
        if (lineNr < 1 && key.isEmpty() && e.getLocation() != null) {
            lineNr = e.getLocation().getLineNr();
        }
        String line = lineNr < 1 || text.isEmpty() ? "" : " (line " + lineNr + ")";
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            return new CitraException("Unknown key '" + u.getPropertyName() + "' in " + where + line
                    + ": known keys are " + known + ".");
        }
        if (e instanceof InvalidFormatException f) {
            return new CitraException("Key '" + path(key, f) + "' in " + where + line + " has value '" + f.getValue()
                    + "', which is not " + article(f.getTargetType()) + ".");
        }
        if (e instanceof MismatchedInputException m) {
            return new CitraException("Key '" + path(key, m) + "' in " + where + line + " has the wrong type: it needs "
                    + article(m.getTargetType()) + ".");
        }
        return new CitraException("Could not read " + where + line + ": " + e.getOriginalMessage());
    }

    /** The line where the failing key is written (the parser reports where it stopped instead). */
    private static int lineOf(String text, JsonMappingException e) {
        if (e.getPath().isEmpty() || e.getPath().get(e.getPath().size() - 1).getFieldName() == null) {
            return 0;
        }
        return lineOf(text, e.getPath().get(e.getPath().size() - 1).getFieldName());
    }

    /** The first line (1-based) of YAML {@code text} that sets {@code key}, or 0. */
    public static int lineOf(String text, String key) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("(^|[\\s{,])" + java.util.regex.Pattern.quote(key) + "\\s*:");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (p.matcher(lines[i]).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String path(String key, JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return key.isEmpty() || path.isEmpty() ? key + path : key + "." + path;
    }

    private static String article(Class<?> type) {
        if (type == null) {
            return "a value of the right type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.toString().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping of keys (" + type.getSimpleName() + ")";
    }
}
