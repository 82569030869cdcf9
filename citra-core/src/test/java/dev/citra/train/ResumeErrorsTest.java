package dev.citra.train;

import dev.citra.classify.TrainingJob;
import dev.citra.classify.RunResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.bundle.ModelBundle;
import dev.citra.data.DemoDataset;
import dev.citra.eval.EpochRecord;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a resume can go wrong gets one sentence that names the run and what to do, and a
 * failed resume leaves the run's checkpoints as they were.
 */
class ResumeErrorsTest {
    private static final PrintStream QUIET = TrainFixtures.QUIET;

    @TempDir
    static Path shared;

    static Path data;
    static Path run;

    @BeforeAll
    static void trainOnce() throws Exception {
        data = TrainFixtures.shapes(shared, 24, 24, 5);
        Map<String, Object> m = TrainFixtures.smallRun(data, shared.resolve("runs"), "base", 24, 4);
        m.put("epochs", 2);
        run = new TrainingJob(ConfigIO.fromMap(m), QUIET).run().runDir();
    }

    /** A fresh copy of the trained run to break. */
    private static Path copyOfRun(Path dir) throws Exception {
        Path copy = dir.resolve("classify/copy");
        try (Stream<Path> files = Files.walk(run)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(run.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    @Test
    void aRunWithoutLastSaysToStartAgain(@TempDir Path dir) throws Exception {
        Path copy = copyOfRun(dir);
        dev.citra.util.AtomicFiles.deleteRecursively(copy.resolve("last"));
        CitraException e = assertThrows(CitraException.class, () -> TrainingJob.resume(copy, Map.of("epochs", 3), QUIET));
        assertEquals("Run " + copy + " has no last/ checkpoint to resume from: it ended before its first epoch; start it"
                + " again.", e.getMessage());
    }

    @Test
    void aCorruptOptimizerStateIsNamedAndTheCheckpointsStay(@TempDir Path dir) throws Exception {
        Path copy = copyOfRun(dir);
        Path state = copy.resolve("last").resolve(Checkpoint.OPTIMIZER);
        byte[] weights = Files.readAllBytes(copy.resolve("last").resolve(ModelBundle.WEIGHTS));
        Files.write(state, new byte[] {1, 2, 3});
        CitraException e = assertThrows(CitraException.class, () -> TrainingJob.resume(copy, Map.of("epochs", 3), QUIET));
        assertEquals("Could not read the checkpoint in " + copy.resolve("last") + " (a file of it ends early): the run"
                + " cannot be resumed; start a new one (its best/ model still predicts and evaluates).", e.getMessage());
        assertArrayEquals(weights, Files.readAllBytes(copy.resolve("last").resolve(ModelBundle.WEIGHTS)));
        assertTrue(Files.exists(copy.resolve("best").resolve(ModelBundle.WEIGHTS)), "best/ stays");
    }

    @Test
    void dataWithOtherClassesIsRefused(@TempDir Path dir) throws Exception {
        Path copy = copyOfRun(dir);
        Path fewer = dir.resolve("three-classes");
        DemoDataset.write(fewer, 12, 24, 6);
        dev.citra.util.AtomicFiles.deleteRecursively(fewer.resolve("triangle"));
        CitraException e = assertThrows(CitraException.class,
                () -> TrainingJob.resume(copy, Map.of("epochs", 3, "data", fewer.toString()), QUIET));
        assertTrue(e.getMessage().startsWith("The checkpoint in " + copy.resolve("last")
                + " belongs to another architecture or class list"), e.getMessage());
        assertTrue(e.getMessage().endsWith("resume it with its own config and data."), e.getMessage());
    }

    @Test
    void otherImagesOfTheSameClassesAreResumedWithAWarning(@TempDir Path dir) throws Exception {
        Path copy = copyOfRun(dir);
        Path other = dir.resolve("other-shapes");
        DemoDataset.write(other, 24, 24, 99);
        RunResult r = TrainingJob.resume(copy, Map.of("epochs", 3, "data", other.toString()), QUIET);
        assertEquals(3, r.history().size());
        assertTrue(Files.readString(copy.resolve("log.txt")).contains(
                "Warning: the training data differs from the data this run started with."));
        assertEquals(3, r.history().stream().mapToInt(EpochRecord::epoch).max().orElseThrow());
    }

    @Test
    void anotherArchitectureOrAFinishedRunIsRefused(@TempDir Path dir) throws Exception {
        Path copy = copyOfRun(dir);
        CitraException arch = assertThrows(CitraException.class,
                () -> TrainingJob.resume(copy, Map.of("model", "fer-cnn"), QUIET));
        assertTrue(arch.getMessage().startsWith("Cannot resume " + copy + " as 'fer-cnn'"), arch.getMessage());
        CitraException done = assertThrows(CitraException.class, () -> TrainingJob.resume(copy, Map.of(), QUIET));
        assertEquals("Run " + copy + " has already trained 2 epochs: pass --epochs with a larger number to continue it.",
                done.getMessage());
    }
}
