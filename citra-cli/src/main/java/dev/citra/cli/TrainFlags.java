package dev.citra.cli;

import dev.citra.train.TrainOption;
import dev.citra.train.TrainOptions;
import java.util.List;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds a flag for every option of an option table that has one, with its label, help and default
 * from the table: the flags of {@code train} and {@code compare} ({@link TrainOptions}) and of
 * {@code caption train} are not declared twice.
 */
public class TrainFlags implements IModelTransformer {
    private final List<TrainOption<?>> table;

    /** The flags of {@link TrainOptions}. */
    public TrainFlags() {
        this(TrainOptions.ALL);
    }

    protected TrainFlags(List<TrainOption<?>> table) {
        this.table = List.copyOf(table);
    }

    /** The flags of {@link dev.citra.caption.CaptionOptions}. */
    public static final class Caption extends TrainFlags {
        public Caption() {
            super(dev.citra.caption.CaptionOptions.ALL);
        }
    }

    /** The value given for {@code option}'s flag in a parsed command, or null. */
    @SuppressWarnings("unchecked")
    static <T> T given(CommandSpec spec, TrainOption<T> option) {
        return (T) spec.findOption(option.flag()).getValue();
    }

    /** The flags given in a parsed command, as config keys (snake_case, nested with '.'); absent ones left out. */
    static java.util.Map<String, Object> given(CommandSpec spec, List<TrainOption<?>> table) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (TrainOption<?> option : table) {
            Object value = option.flag() == null ? null : given(spec, option);
            if (value != null) {
                m.put(option.key(), value);
            }
        }
        return m;
    }

    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (TrainOption<?> option : table) {
            if (option.flag() == null) {
                continue;
            }
            OptionSpec.Builder flag = OptionSpec.builder(option.flag())
                    .paramLabel(option.label())
                    .description(option.flagHelp());
            if (option.type() == List.class) {
                flag.type(List.class).auxiliaryTypes(option.element()).splitRegex(",");
            } else if (option.type() == Boolean.class) {
                // --grey alone means true; --cache-features false turns a default off.
                flag.type(Boolean.class).arity("0..1").fallbackValue("true");
            } else if (option.type().isEnum()) {
                // The config binds the choice, so a wrong one gets the same message from a flag as from YAML.
                flag.type(String.class);
            } else {
                flag.type(option.type());
            }
            spec.addOption(flag.build());
        }
        return spec;
    }
}
