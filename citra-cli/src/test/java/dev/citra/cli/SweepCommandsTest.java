package dev.citra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.data.DemoDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** citra sweep and citra lr-find through the command line, on generated shapes. */
class SweepCommandsTest {
    @TempDir
    static Path dir;

    static Path data;

    @BeforeAll
    static void drawData() throws Exception {
        data = dir.resolve("shapes");
        DemoDataset.write(data, 20, 24, 9);
    }

    private static Outcome run(String... args) {
        return Outcome.run(args);
    }

    @Test
    void sweepFromFlagsWritesTheTable(@TempDir Path out) {
        Outcome o = run("sweep", "--data", data.toString(), "--out", out.toString(), "--name", "flags", "--img-size",
                "16", "--epochs", "1", "--patience", "0", "--lr-patience", "0", "--param", "batch=8,16", "--metric",
                "val_loss");
        assertEquals(0, o.code(), o.err());
        Path sweep = out.resolve("sweep/flags");
        assertTrue(Files.isRegularFile(sweep.resolve("results.html")));
        assertTrue(Files.isDirectory(sweep.resolve("classify/batch-8")) && Files.isDirectory(sweep.resolve("classify/batch-16")));
    }

    @Test
    void sweepFileMistakesGetOneSentence(@TempDir Path out) throws Exception {
        Path file = out.resolve("sweep.yaml");
        Files.writeString(file, "method: grid\nparams:\n  dropout: []\n");
        Outcome o = run("sweep", "--data", data.toString(), "--out", out.toString(), "--sweep", file.toString());
        assertEquals(Main.USER_ERROR, o.code());
        assertTrue(o.err().contains("Key 'dropout' in " + file + " (line 3) has an empty list: give it at least one value."),
                o.err());
        Outcome unknown = run("sweep", "--data", data.toString(), "--out", out.toString(), "--param", "bach=8,16");
        assertEquals(Main.USER_ERROR, unknown.code());
        assertTrue(unknown.err().contains("Unknown key 'bach' in the command line: known keys are"), unknown.err());
        Outcome nothing = run("sweep", "--data", data.toString(), "--out", out.toString());
        assertTrue(nothing.err().contains("Nothing to sweep: pass --sweep sweep.yaml"), nothing.err());
        assertTrue(Files.notExists(out.resolve("sweep")), "no folder for a sweep that never started");
    }

    @Test
    void lrFindWritesThePlotAndTheTable(@TempDir Path out) {
        Outcome o = run("lr-find", "--data", data.toString(), "--out", out.toString(), "--name", "probe", "--img-size",
                "16", "--batch", "8", "--steps", "40");
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.isRegularFile(out.resolve("lr_find/probe/lr_find.png")));
        assertTrue(Files.isRegularFile(out.resolve("lr_find/probe/lr_find.csv")));
        Outcome bad = run("lr-find", "--data", data.toString(), "--out", out.toString(), "--start-lr", "1", "--end-lr",
                "0.1");
        assertEquals(Main.USER_ERROR, bad.code());
        assertTrue(bad.err().contains("--start-lr must be above 0 and below --end-lr, not 1.0 and 0.1."), bad.err());
    }
}
