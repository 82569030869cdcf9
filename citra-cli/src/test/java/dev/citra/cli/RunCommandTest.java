package dev.citra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.caption.CaptionConfig;
import dev.citra.data.DemoDataset;
import dev.citra.train.ConfigIO;
import dev.citra.train.TrainConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recipes: every file in recipes/ reads as its command's config, and citra run runs one. */
class RunCommandTest {
    private static final Path RECIPES = Path.of("").toAbsolutePath().getParent().resolve("recipes");

    @Test
    void everyRecipeInTheRepositoryIsAValidConfigForItsCommand() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(RECIPES)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        // S0..S4, and a second recipe where the paper's setting is poor or its weights are missing here.
        assertTrue(files.size() >= 5, files.toString());
        for (String seed : List.of("s0-", "s1-", "s2-", "s3-", "s4-")) {
            assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith(seed)), "no recipe for " + seed);
        }
        for (Path file : files) {
            Recipe recipe = Recipe.read(file);
            assertTrue(recipe.paper() != null && !recipe.paper().isBlank(), file + " says what the paper reports");
            if (recipe.command() == Recipe.Command.CAPTION) {
                ConfigIO.read(file, CaptionConfig.class);
            } else {
                ConfigIO.read(file).validate();
            }
        }
    }

    @Test
    void runsARecipeWithTheUsersFlagsOnTop(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("shapes");
        DemoDataset.write(data, 30, 32, 3);
        Path recipe = dir.resolve("tiny.yaml");
        Files.writeString(recipe, """
                # a tiny recipe
                recipe:
                  command: train
                  paper: "99% on shapes"
                model: simple-cnn
                img_size: 24
                epochs: 9
                batch: 16
                early_stopping: {patience: 0}
                """);
        Path out = dir.resolve("runs");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("run", recipe.toString(), "--data", data.toString(), "--epochs", "2", "--out",
                    out.toString(), "--name", "r");
        } finally {
            System.setOut(saved);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        assertTrue(printed.startsWith("Recipe " + recipe + ": the paper reports 99% on shapes"), printed);
        assertTrue(printed.contains("citra train --config " + recipe + " --data " + data), printed);
        // --epochs 2 wins over the file's 9: a header and two epochs.
        assertEquals(3, Files.readAllLines(out.resolve("classify/r/history.csv")).size());
        TrainConfig saved2 = ConfigIO.read(out.resolve("classify/r/config.yaml"));
        assertEquals(24, saved2.input().imgSize());
        assertFalse(Files.readString(out.resolve("classify/r/config.yaml")).contains("recipe"));
    }

    @Test
    void aRecipeWithoutItsBlockOrWithAWrongCommandGetsOneSentence(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain.yaml");
        Files.writeString(plain, "model: simple-cnn\n");
        Outcome o = Outcome.run("run", plain.toString());
        assertEquals(2, o.code());
        assertEquals("citra: " + plain + " has no 'recipe:' block with a command: add 'recipe: {command: train}' (or"
                + " compare, caption), or run it with citra train --config " + plain + ".", o.err().strip());
        Path wrong = dir.resolve("wrong.yaml");
        Files.writeString(wrong, "recipe: {command: dance}\n");
        o = Outcome.run("run", wrong.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("Unknown recipe command 'dance' in " + wrong + ": use train, compare or caption."),
                o.err());
        Path compare = dir.resolve("compare.yaml");
        Files.writeString(compare, "recipe: {command: compare, models: [mobilenet_v2]}\n");
        o = Outcome.run("run", compare.toString());
        assertTrue(o.err().contains("needs models: [a, b]"), o.err());
        o = Outcome.run("run", dir.resolve("missing.yaml").toString());
        assertTrue(o.err().contains("does not exist: pass one of recipes/*.yaml"), o.err());
    }
}
