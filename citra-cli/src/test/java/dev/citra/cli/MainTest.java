package dev.citra.cli;

import static dev.citra.cli.Outcome.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's help and its one-sentence answers to bad input. */
class MainTest {
    @Test
    void helpListsEveryCommand() {
        Outcome o = run("--help");
        assertEquals(0, o.code());
        for (String c : new String[] {"demo", "train", "eval", "predict", "bench"}) {
            assertTrue(o.out().contains(c), o.out());
        }
    }

    /**
     * picocli prints each description element on its own line(s) and lists a subcommand by its
     * first, so an element must be a whole paragraph, not a line of one. train's texts are
     * generated from its option table elsewhere.
     */
    @Test
    void commandDescriptionsAreWholeParagraphs() {
        java.util.List<CommandLine> todo = new java.util.ArrayList<>(java.util.List.of(Main.commandLine()));
        java.util.List<String> broken = new java.util.ArrayList<>();
        while (!todo.isEmpty()) {
            CommandLine cl = todo.remove(0);
            String name = cl.getCommandSpec().qualifiedName();
            if (name.equals("citra train")) {
                continue;
            }
            todo.addAll(cl.getSubcommands().values());
            for (String paragraph : cl.getCommandSpec().usageMessage().description()) {
                if (!paragraph.isEmpty() && !paragraph.replaceFirst("%n$", "").endsWith(".")) {
                    broken.add(name + ": " + paragraph);
                }
            }
        }
        assertEquals(java.util.List.of(), broken);
    }

    @Test
    void trainHelpListsItsOptions() {
        Outcome o = run("train", "--help");
        assertEquals(0, o.code(), o.err());
        for (String flag : new String[] {"--data", "--config", "--resume", "--model", "--img-size", "--channels", "--normalize", "--resize", "--grey",
                "--epochs", "--batch", "--lr", "--optimizer", "--weight-decay", "--dropout", "--val-split", "--test-split",
                "--seed", "--name", "--out", "--patience", "--monitor", "--lr-patience", "--min-lr"}) {
            assertTrue(o.out().contains(flag), flag + " missing from: " + o.out());
        }
    }

    @Test
    void unknownFlagGetsOneSentenceAndTheHelpHint() {
        Outcome o = run("train", "--epoch", "5");
        assertEquals(Main.USER_ERROR, o.code());
        assertEquals("citra: Unknown option '--epoch' (did you mean '--epochs'?). Run 'citra train --help' for the options.",
                o.err().strip());
    }

    @Test
    void outOfRangeValueNamesTheFlag(@TempDir Path dir) {
        Outcome o = run("train", "--data", dir.toString(), "--epochs", "0");
        assertEquals(Main.USER_ERROR, o.code());
        assertEquals("citra: --epochs must be between 1 and 100000, not 0.", o.err().strip());
    }

    @Test
    void splitTakesThreeFractionsThatSumToOne(@TempDir Path dir) {
        Outcome o = run("train", "--data", dir.toString(), "--split", "0.7,0.2,0.2");
        assertEquals(Main.USER_ERROR, o.code());
        assertEquals("citra: --split needs three fractions train,val,test that sum to 1, e.g. 0.7,0.15,0.15; got [0.7, 0.2, 0.2].",
                o.err().strip());
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).parseArgs("--split", "0.7,0.1,0.2");
        assertEquals(0.1, (Double) cmd.overrides().get("val_split"), 1e-12);
        assertEquals(0.2, (Double) cmd.overrides().get("test_split"), 1e-12);
        Outcome both = run("train", "--data", dir.toString(), "--split", "0.7,0.1,0.2", "--val-split", "0.1");
        assertEquals(Main.USER_ERROR, both.code());
        assertEquals("citra: Give either --split or --val-split/--test-split, not both.", both.err().strip());
    }

    @Test
    void wrongTypeValueIsNamed() {
        Outcome o = run("train", "--batch", "many");
        assertEquals(Main.USER_ERROR, o.code());
        assertTrue(o.err().startsWith("citra: Invalid value for option '--batch': 'many' is not an int"), o.err());
    }

    @Test
    void missingDataIsNamed(@TempDir Path dir) {
        Outcome o = run("train", "--data", dir.resolve("nope").toString(), "--out", dir.toString());
        assertEquals(Main.USER_ERROR, o.code());
        assertTrue(o.err().startsWith("citra: Data path "), o.err());
        assertTrue(o.err().contains("does not exist"), o.err());
    }

    @Test
    void trainWithoutDataSaysHowToGiveIt() {
        Outcome o = run("train");
        assertEquals(Main.USER_ERROR, o.code());
        assertTrue(o.err().contains("No data given: pass --data"), o.err());
    }

    @Test
    void backboneFileFlagReachesTheConfig(@TempDir Path dir) throws Exception {
        Path onnx = java.nio.file.Files.write(dir.resolve("b.onnx"), new byte[] {1});
        Outcome o = run("train", "--data", dir.toString(), "--model", "onnx", "--backbone-file", onnx.toString(),
                "--freeze", "none");
        assertEquals(Main.USER_ERROR, o.code());
        assertTrue(o.err().contains("An ONNX backbone runs in OnnxRuntime for inference only and cannot train"), o.err());
        Outcome missing = run("train", "--data", dir.toString(), "--model", "torchscript", "--backbone-file",
                dir.resolve("nope.pt").toString());
        assertEquals(Main.USER_ERROR, missing.code());
        assertTrue(missing.err().contains("Backbone file " + dir.resolve("nope.pt") + " does not exist"), missing.err());
    }

    @Test
    void unknownModelIsNamedBeforeAnyWork(@TempDir Path dir) throws Exception {
        Outcome o = run("train", "--data", dir.toString(), "--model", "resnet9000");
        assertEquals(Main.USER_ERROR, o.code());
        assertTrue(o.err().contains("Unknown model 'resnet9000'"), o.err());
    }

    @Test
    void compareNamesAnUnknownModelAndRejectsASingleModel(@TempDir Path dir) throws Exception {
        Outcome unknown = run("compare", "--data", dir.toString(), "--models", "simple-cnn,resnet9000");
        assertEquals(Main.USER_ERROR, unknown.code());
        assertTrue(unknown.err().contains("Unknown model 'resnet9000'"), unknown.err());
        Outcome single = run("compare", "--data", dir.toString(), "--models", "simple-cnn");
        assertEquals(Main.USER_ERROR, single.code());
        assertTrue(single.err().contains("at least two models"), single.err());
        Outcome model = run("compare", "--data", dir.toString(), "--model", "simple-cnn", "--models", "a,b");
        assertEquals(Main.USER_ERROR, model.code());
        assertTrue(model.err().contains("not --model"), model.err());
    }

    @Test
    void predictWithAMissingBundleIsNamed(@TempDir Path dir) throws Exception {
        Path image = Files.createFile(dir.resolve("x.png"));
        Outcome o = run("predict", "--model", dir.resolve("no-model").toString(), image.toString());
        assertEquals(Main.USER_ERROR, o.code());
        assertTrue(o.err().contains("does not exist: pass a bundle folder"), o.err());
    }

    @Test
    void aBundleWithoutCitraJsonIsNamed(@TempDir Path dir) throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("model"));
        Outcome o = run("eval", "--model", bundle.toString(), "--data", dir.toString());
        assertEquals(Main.USER_ERROR, o.code());
        assertTrue(o.err().contains("has no citra.json"), o.err());
    }

    @Test
    void aBundleOfANewerFormatIsRefusedWithTheFix(@TempDir Path dir) throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("model"));
        Files.writeString(bundle.resolve("citra.json"),
                "{\"format\": 99, \"architecture\": {\"name\": \"simple-cnn\"}, \"labels\": [\"a\", \"b\"], \"input_size\": 32,"
                        + " \"channels\": 3, \"normalization\": \"unit\"}");
        Outcome o = run("eval", "--model", bundle.toString(), "--data", dir.toString());
        assertEquals(Main.USER_ERROR, o.code());
        assertTrue(o.err().contains("has bundle format 99, newer than the 2"), o.err());
        assertTrue(o.err().contains("upgrade citra"), o.err());
    }

    @Test
    void aFileThatCannotBeWrittenExitsWithOneAndNamesIt(@TempDir Path dir) throws Exception {
        for (String c : new String[] {"a", "b"}) {
            Files.createDirectories(dir.resolve("data").resolve(c));
            Files.write(dir.resolve("data").resolve(c).resolve("1.png"), dev.citra.image.ImageEncoding.png(
                    new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB)));
        }
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "a file, not a folder");
        Path grid = notAFolder.resolve("grid.png");
        Outcome o = run("data", "inspect", dir.resolve("data").toString(), "--grid", grid.toString());
        assertEquals(Main.FAILURE, o.code(), o.err());
        assertTrue(o.err().startsWith("citra: Could not write " + grid + ": "), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
    }

    /** A command that fails as a bug would. */
    @CommandLine.Command(name = "boom")
    static final class Boom implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("no such state");
        }
    }

    @Test
    void anUnexpectedExceptionExitsWithOneWithItsTraceAndSaysItIsABug() {
        CommandLine cl = Main.commandLine().addSubcommand("boom", new Boom());
        java.io.StringWriter err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err));
        int code = cl.execute("boom");
        assertEquals(Main.FAILURE, code);
        java.util.List<String> lines = err.toString().strip().lines().toList();
        assertEquals("java.lang.IllegalStateException: no such state", lines.get(0));
        assertTrue(lines.get(1).strip().startsWith("at dev.citra.cli.MainTest$Boom.call("), lines.get(1));
        assertEquals("citra: unexpected error (java.lang.IllegalStateException: no such state): this is a bug in citra;"
                + " please report it with the lines above.", lines.get(lines.size() - 1));
    }
}
