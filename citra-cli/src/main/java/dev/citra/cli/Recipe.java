package dev.citra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citra.CitraException;
import dev.citra.train.ConfigIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A recipe: a config file with a {@code recipe:} block that says which command runs it (and, for a
 * comparison, which models), and what the paper reported. The rest of the file is an ordinary
 * config, so {@code citra train --config recipe.yaml} reads it too (the block is ignored there).
 *
 * @param command what runs the file
 * @param models the models of a {@code compare} recipe; empty otherwise
 * @param paper the figure the seed's paper reports, shown before and after the run; may be null
 */
record Recipe(Command command, List<String> models, String paper) {
    /** The commands a recipe can name. */
    enum Command {
        TRAIN("train"),
        COMPARE("compare"),
        CAPTION("caption", "train");

        private final List<String> words;

        Command(String... words) {
            this.words = List.of(words);
        }

        /** The command line words that start it. */
        List<String> words() {
            return words;
        }

        static Command parse(String name, Path file) {
            for (Command c : values()) {
                if (String.join(" ", c.words).equals(name.trim().toLowerCase(Locale.ROOT))
                        || c.name().equalsIgnoreCase(name.trim())) {
                    return c;
                }
            }
            throw new CitraException("Unknown recipe command '" + name + "' in " + file
                    + ": use train, compare or caption.");
        }
    }

    /** Reads the {@code recipe:} block of {@code file}; errors name the file and what to add. */
    static Recipe read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new CitraException("Recipe " + file + " does not exist: pass one of recipes/*.yaml or your own.");
        } catch (IOException e) {
            throw new CitraException("Could not read recipe " + file + ": " + e.getMessage());
        }
        JsonNode block;
        try {
            JsonNode root = ConfigIO.yamlMapper().readTree(text);
            block = root == null ? null : root.get("recipe");
        } catch (IOException e) {
            throw new CitraException(file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (block == null || !block.isObject() || !block.hasNonNull("command")) {
            throw new CitraException(file + " has no 'recipe:' block with a command: add 'recipe: {command: train}'"
                    + " (or compare, caption), or run it with citra train --config " + file + ".");
        }
        Command command = Command.parse(block.get("command").asText(), file);
        List<String> models = new ArrayList<>();
        JsonNode list = block.get("models");
        if (list != null) {
            list.forEach(m -> models.add(m.asText()));
        }
        if (command == Command.COMPARE && models.size() < 2) {
            throw new CitraException("The compare recipe " + file + " needs models: [a, b] in its recipe: block.");
        }
        JsonNode paper = block.get("paper");
        return new Recipe(command, List.copyOf(models), paper == null ? null : paper.asText());
    }

    /** The command line that runs {@code file} with the user's extra {@code flags} (which win). */
    List<String> commandLine(Path file, List<String> flags) {
        List<String> args = new ArrayList<>(command.words());
        args.add("--config");
        args.add(file.toString());
        if (command == Command.COMPARE && flags.stream().noneMatch(f -> f.equals("--models")
                || f.startsWith("--models="))) {
            args.add("--models");
            args.add(String.join(",", models));
        }
        args.addAll(flags);
        return args;
    }
}
