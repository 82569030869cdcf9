package dev.citra.train;

import dev.citra.classify.TrainingJob;
import dev.citra.classify.RunResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.data.DemoDataset;
import dev.citra.eval.EpochRecord;
import dev.citra.util.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real training process is killed (SIGKILL) at random moments, checkpoint writes included, 20
 * times in a row; after each kill the run folder is consistent and {@code --resume} goes on.
 */
class CrashSafetyTest {
    private static final int KILLS = 20;

    private static Process start(String mode, Path out, Path data) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), mode, out.toString(), data.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.start();
    }

    /** The checkpointed epoch, after checking that last/, best/ and history.csv agree; 0 before any. */
    private static int checkConsistent(Path run) {
        Path last = AtomicFiles.recover(run.resolve("last"));
        if (!Files.isDirectory(last)) {
            return 0;
        }
        BundleMetadata meta = ModelBundle.readMetadata(last);
        assertTrue(Files.isRegularFile(last.resolve(ModelBundle.WEIGHTS)), "last/ has its weights");
        assertTrue(Files.isRegularFile(last.resolve(Checkpoint.OPTIMIZER)), "last/ has its optimizer state");
        Path best = AtomicFiles.recover(run.resolve("best"));
        assertTrue(ModelBundle.readMetadata(best).epoch() <= meta.epoch(), "best/ is not ahead of last/");
        List<EpochRecord> rows = HistoryWriter.read(run.resolve("history.csv"), Integer.MAX_VALUE);
        // History is written just before the checkpoint: it may hold the killed epoch too, never less.
        assertTrue(rows.size() == meta.epoch() || rows.size() == meta.epoch() + 1,
                rows.size() + " history rows for a checkpoint of epoch " + meta.epoch());
        return meta.epoch();
    }

    private static List<Path> leftovers(Path run) throws Exception {
        try (Stream<Path> files = Files.walk(run)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")
                    || p.getFileName().toString().endsWith(".previous")).toList();
        }
    }

    @Test
    void killedTwentyTimesTheRunResumesEveryTime(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("shapes");
        DemoDataset.write(data, 16, 16, 2);
        Path out = dir.resolve("runs");
        Path run = out.resolve("classify/crash");
        Random random = new Random(20);
        int resumes = 0;
        int beforeFirstCheckpoint = 0;
        int lastEpoch = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            boolean resume = Files.isDirectory(AtomicFiles.recover(run.resolve("last")));
            if (!resume && Files.exists(run)) {
                AtomicFiles.deleteRecursively(run); // killed before its first checkpoint: start again
                beforeFirstCheckpoint++;
            }
            Process child = start(resume ? "resume" : "new", out, data);
            resumes += resume ? 1 : 0;
            if (kill == 0) {
                // However slow the machine, the first kill comes after the first checkpoint.
                for (int wait = 0; wait < 1200 && !Files.isDirectory(run.resolve("last")) && child.isAlive(); wait++) {
                    Thread.sleep(100);
                }
            }
            Thread.sleep(1500 + random.nextInt(3000));
            assertTrue(child.isAlive(), "the child ended by itself (exit " + (child.isAlive() ? "" : child.exitValue())
                    + ") before kill " + (kill + 1));
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            int epoch = checkConsistent(run);
            assertTrue(epoch >= lastEpoch, "kill " + (kill + 1) + ": the checkpoint went back from " + lastEpoch + " to "
                    + epoch);
            lastEpoch = epoch;
        }
        assertTrue(lastEpoch > 0, "no checkpoint was ever written");
        // Once more, to the end: two epochs beyond the last checkpoint.
        RunResult done = TrainingJob.resume(run, Map.of("epochs", lastEpoch + 2),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertEquals(lastEpoch + 2, done.history().size());
        assertEquals(List.of(), leftovers(run), "temporary files left behind");
        System.out.printf("crash harness: %d kills, %d resumes, %d before the first checkpoint, reached epoch %d%n",
                KILLS, resumes, beforeFirstCheckpoint, lastEpoch);
    }
}
