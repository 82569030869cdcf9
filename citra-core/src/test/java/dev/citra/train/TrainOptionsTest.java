package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citra.CitraException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.citra.image.NormalizeMode;
import dev.citra.image.ResizeMode;
import dev.citra.train.optim.OptimizerKind;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The option table is the one source: the config's keys and defaults, and the README's table. */
class TrainOptionsTest {
    @Test
    void everyConfigKeyIsInTheTableWithTheDefaultTheConfigTakes() {
        JsonNode defaults = ConfigIO.yamlMapper().valueToTree(TrainConfig.defaults());
        Set<String> keys = new HashSet<>();
        defaults.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            boolean covered = TrainOptions.byKey(key) != null
                    || TrainOptions.ALL.stream().anyMatch(o -> o.key().startsWith(key + "."));
            assertTrue(covered, "config key '" + key + "' is missing from TrainOptions");
        }
        for (TrainOption<?> option : TrainOptions.ALL) {
            if (option.defaultValue() == null) {
                continue;
            }
            JsonNode value = defaults.at("/" + option.key().replace('.', '/'));
            assertTrue(!value.isMissingNode(), option.key() + " is not a config key");
            JsonNode expected = written(option.defaultValue());
            assertEquals(expected, value, option.key() + ": the config's default differs from the table's");
        }
    }

    /** A value as config.yaml holds it: a choice as its word. */
    private static JsonNode written(Object value) {
        return ConfigIO.yamlMapper().valueToTree(value instanceof Enum<?> e ? dev.citra.util.Choice.idOf(e) : value);
    }

    @Test
    void flagsAreUnique() {
        Set<String> flags = new HashSet<>();
        for (TrainOption<?> option : TrainOptions.ALL) {
            if (option.flag() != null) {
                assertTrue(flags.add(option.flag()), "two options share " + option.flag());
            }
        }
    }

    @Test
    void theReadmeTableIsTheTable() throws Exception {
        Path readme = Path.of("").toAbsolutePath().getParent().resolve("README.md");
        String text = Files.readString(readme);
        int start = text.indexOf("<!-- options:start -->\n");
        int end = text.indexOf("<!-- options:end -->");
        assertTrue(start >= 0 && end > start, "README.md lacks the options markers");
        String inReadme = text.substring(start + "<!-- options:start -->\n".length(), end);
        assertEquals(TrainOptions.markdownTable(), inReadme,
                "README.md's option table differs from TrainOptions: paste TrainOptions.markdownTable() between the markers");
    }

    @Test
    void theBuilderBindsAndChecksAsYamlDoes() {
        TrainConfig c = TrainConfig.builder().data(Path.of("eyes.zip")).model("mobilenet_v2").epochs(5)
                .set(TrainOptions.LR, 0.01).set(TrainOptions.PATIENCE, 3).build();
        assertEquals("eyes.zip", c.data().path());
        assertEquals("mobilenet_v2", c.model().name());
        assertEquals(5, c.optimisation().epochs());
        assertEquals(0.01, c.optimisation().lr());
        assertEquals(3, c.callbacks().earlyStopping().patience());
        assertEquals(TrainOptions.BATCH.defaultValue(), c.optimisation().batch());
        CitraException e = assertThrows(CitraException.class, () -> TrainConfig.builder().epochs(0).build());
        assertEquals("--epochs must be between 1 and 100000, not 0.", e.getMessage());
        assertNotNull(TrainOptions.byKey("early_stopping.patience"));
    }

    @Test
    void batchNormTrainsUnlessAPretrainedBackboneIsFineTuned() {
        assertTrue(ConfigIO.fromMap(java.util.Map.of()).bnTrainOrDefault(), "from scratch");
        assertTrue(ConfigIO.fromMap(java.util.Map.of("weights", "w.h5")).bnTrainOrDefault(),
                "pretrained, trained whole from the first epoch at the head's rate");
        assertTrue(!ConfigIO.fromMap(java.util.Map.of("weights", "w.h5", "freeze", "backbone", "fine_tune_epochs", 3))
                .bnTrainOrDefault(), "the fine-tuning stage of a pretrained backbone");
        assertTrue(ConfigIO.fromMap(java.util.Map.of("weights", "w.h5", "freeze", "backbone", "fine_tune_epochs", 3,
                "bn_train", true)).bnTrainOrDefault(), "given, it wins");
    }

    /** A value for {@code option} that is not its default, of its type. */
    private static Object otherValue(TrainOption<?> option) {
        Class<?> t = option.type();
        if (t.isEnum()) {
            Object[] constants = t.getEnumConstants();
            return constants[constants.length - 1].toString().toLowerCase(java.util.Locale.ROOT);
        }
        if (t == Boolean.class) {
            return option.defaultValue() == null || !(Boolean) option.defaultValue();
        }
        if (t == Integer.class) {
            return option.defaultValue() == null ? 7 : (Integer) option.defaultValue() + 1;
        }
        if (t == Long.class) {
            return 1234L;
        }
        if (t == Double.class) {
            return 0.375;
        }
        if (option.key().equals("head.pooling")) {
            return "max";
        }
        if (t == String.class) {
            return "x-" + option.key();
        }
        if (option.key().equals("head.hidden")) {
            return java.util.List.of(5, 6);
        }
        if (option.key().equals("layers")) {
            return java.util.List.of(java.util.Map.of("type", "conv", "filters", 8));
        }
        return java.util.Map.of("rotation_range", 12.0, "horizontal_flip", true); // augment
    }

    /** Resume re-reads config.yaml: a key lost on the way would silently revert to its default. */
    @Test
    void everyKeyRoundTripsThroughConfigYaml() {
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (TrainOption<?> option : TrainOptions.ALL) {
            values.put(option.key(), otherValue(option));
        }
        TrainConfig config = ConfigIO.fromMap(values);
        TrainConfig back = ConfigIO.parse(ConfigIO.toYaml(config), "config.yaml");
        assertEquals(config, back);
        JsonNode tree = ConfigIO.yamlMapper().valueToTree(back);
        for (TrainOption<?> option : TrainOptions.ALL) {
            JsonNode node = tree.at("/" + option.key().replace('.', '/'));
            assertTrue(!node.isMissingNode() && !node.isNull(), option.key() + " was lost on the way");
            if (option.defaultValue() != null) {
                assertTrue(!node.equals(written(option.defaultValue())),
                        option.key() + " came back as its default");
            }
        }
    }

    /**
     * Each key, set alone, lands in exactly one part of the config (one nested record, the augmentation
     * or the seed), reads back from there, and survives the written config.yaml.
     */
    @Test
    void everyKeyLandsInOneRecordAndRoundTripsAlone() throws Exception {
        TrainConfig defaults = TrainConfig.defaults();
        for (TrainOption<?> option : TrainOptions.ALL) {
            Object value = otherValue(option);
            TrainConfig config = ConfigIO.fromMap(java.util.Map.of(option.key(), value));
            List<String> changed = new ArrayList<>();
            for (RecordComponent part : TrainConfig.class.getRecordComponents()) {
                if (!Objects.equals(part.getAccessor().invoke(config), part.getAccessor().invoke(defaults))) {
                    changed.add(part.getName());
                }
            }
            assertEquals(1, changed.size(), option.key() + " changed " + changed);
            assertEquals(typed(option, value), config.values().get(option), option.key() + " reads back");
            assertEquals(config, ConfigIO.parse(ConfigIO.toYaml(config), "config.yaml"), option.key());
            assertEquals(config, TrainConfig.of(config.values()), option.key());
        }
    }

    /** {@code value} as its option's type: what binding it should give. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object typed(TrainOption<?> option, Object value) {
        if (option.type().isEnum()) {
            return dev.citra.util.Choice.find((Class) option.type(), value.toString());
        }
        com.fasterxml.jackson.databind.ObjectMapper mapper = ConfigIO.yamlMapper();
        return mapper.convertValue(value, option.type() == List.class
                ? mapper.getTypeFactory().constructCollectionType(List.class, option.element())
                : mapper.getTypeFactory().constructType(option.type()));
    }

    /** config.yaml keeps the keys users write: flat, nested only where the table nests them. */
    @Test
    void theWrittenConfigIsFlat() {
        String yaml = ConfigIO.toYaml(TrainConfig.builder().data(Path.of("shapes")).build());
        assertTrue(yaml.startsWith("data: shapes\n"), yaml);
        for (String line : List.of("img_size: 64\n", "optimizer: adam\n", "normalize: auto\n", "resize: stretch\n",
                "schedule: constant\n", "early_stopping:\n  patience: 10\n")) {
            assertTrue(yaml.contains(line), line + " in\n" + yaml);
        }
        Set<String> topKeys = new HashSet<>();
        TrainOptions.ALL.forEach(o -> topKeys.add(o.key().split("\\.")[0]));
        for (String line : yaml.split("\n")) {
            if (!line.startsWith(" ") && !line.startsWith("-")) {
                String key = line.substring(0, line.indexOf(':'));
                assertTrue(topKeys.contains(key), "config.yaml has key '" + key + "', which users cannot write");
            }
        }
    }

    @Test
    void choicesAreEnumsSetFromJavaAsFromYaml() {
        TrainConfig c = TrainConfig.builder().set(TrainOptions.OPTIMIZER, OptimizerKind.SGD)
                .set(TrainOptions.RESIZE, ResizeMode.PAD).set(TrainOptions.NORMALIZE, NormalizeMode.TORCH)
                .set(TrainOptions.SCHEDULE, Schedule.ONE_CYCLE).build();
        assertEquals(OptimizerKind.SGD, c.optimisation().optimizer());
        assertEquals(ResizeMode.PAD, c.input().resize());
        assertEquals(NormalizeMode.TORCH, c.input().normalize());
        assertEquals(Schedule.ONE_CYCLE, c.optimisation().schedule());
        assertEquals(c, ConfigIO.parse("optimizer: SGD\nresize: Pad\nnormalize: imagenet\nschedule: one_cycle\n",
                "run.yaml"), "case and Keras's aliases are accepted");
    }
}
