package dev.citra.cli;

import dev.citra.train.TrainOption;
import dev.citra.train.TrainOptions;
import java.util.List;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Adds a flag for every option of {@link TrainOptions} that has one, with its label, help and
 * default from the table: the flags of {@code train} and {@code compare} are not declared here twice.
 */
public final class TrainFlags implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (TrainOption<?> option : TrainOptions.ALL) {
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
