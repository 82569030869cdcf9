package dev.citra.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code citra run recipes/s3-eye-state.yaml --data eyes.zip}: a seed's whole pipeline from one file. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Run a recipe: one seed's pipeline from one YAML file.",
        description = {"A recipe is a config file (every train, compare or caption train option as a key) with a"
                + " recipe: block naming the command and the paper's figure, e.g. recipe: {command: train, paper:"
                + " '99.1% validation accuracy'}. Any flag after the file is passed to that command and wins over the"
                + " file, e.g. --data, --epochs, --name.",
                "recipes/ holds one recipe per seed (S0-S4) with what each one changes from its paper and why."})
public final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RECIPE", description = "The recipe file, such as recipes/s2-fer2013.yaml.")
    Path recipe;

    @Unmatched
    List<String> flags = new ArrayList<>();

    @Override
    public Integer call() {
        Recipe r = Recipe.read(recipe);
        if (r.paper() != null) {
            System.out.println("Recipe " + recipe + ": the paper reports " + r.paper());
        }
        List<String> args = r.commandLine(recipe, flags);
        System.out.println("citra " + String.join(" ", args));
        int code = Main.run(args.toArray(String[]::new));
        if (code == 0 && r.paper() != null) {
            System.out.println("The paper reports " + r.paper() + ".");
        }
        return code;
    }
}
