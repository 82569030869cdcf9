package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.classify.TrainingJob;
import dev.citra.sweep.SweepJob;
import dev.citra.sweep.SweepSpec;
import dev.citra.sweep.TrialResult;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real sweeps of a tiny CNN on generated shapes: a 2x2 grid, two stages, and a sweep resumed after a kill. */
class SweepJobTest {
    @TempDir
    static Path shared;

    static Path data;

    @BeforeAll
    static void drawData() throws Exception {
        data = TrainFixtures.shapes(shared, 20, 24, 3);
    }

    private static TrainConfig base(Path out, String name) {
        Map<String, Object> m = TrainFixtures.smallRun(data, out, name, 16, 4);
        m.put("epochs", 1);
        m.put("workers", 1);
        return ConfigIO.fromMap(m);
    }

    private static SweepJob start(Path out, String name, String yaml) {
        return SweepJob.start(base(out, name), ConfigIO.parse(yaml, "sweep.yaml", SweepSpec.class), "sweep.yaml", yaml,
                TrainFixtures.QUIET);
    }

    @Test
    void gridOfTwoByTwoRanksFourRunsAndWritesTheTableAndPlots(@TempDir Path out) throws Exception {
        SweepJob.Result r = start(out, "grid", "params:\n  batch: [8, 16]\n  lr: [0.001, 0.003]\n").run();

        assertEquals(out.resolve("sweep/grid"), r.dir());
        assertEquals(4, r.ranked().size());
        for (int i = 1; i < 4; i++) {
            assertTrue(r.ranked().get(i - 1).metric("val_accuracy") >= r.ranked().get(i).metric("val_accuracy"));
        }
        for (TrialResult t : r.ranked()) {
            Path run = r.dir().resolve(t.runDir());
            assertEquals(r.dir().resolve("classify").resolve(t.name()), run);
            assertTrue(Files.isRegularFile(run.resolve("best/citra.json")), "normal run folder " + run);
            assertTrue(Files.isRegularFile(run.resolve("trial.json")));
        }
        assertEquals(List.of("batch-8_lr-0.001", "batch-8_lr-0.003", "batch-16_lr-0.001", "batch-16_lr-0.003"),
                r.stages().get(0).stream().map(TrialResult::name).toList());
        List<String> csv = Files.readAllLines(r.dir().resolve("results.csv"));
        assertEquals(5, csv.size());
        assertTrue(csv.get(0).startsWith("rank,trial,stage,batch,lr,val_accuracy,val_loss,test_accuracy"), csv.get(0));
        assertTrue(csv.get(1).startsWith("1," + r.best().name() + ",1,"), csv.get(1));
        String md = Files.readString(r.dir().resolve("results.md"));
        assertTrue(md.contains("| 1 | " + r.best().name() + " |"), md);
        assertTrue(Files.readString(r.dir().resolve("results.html")).contains("<td>" + r.best().name() + "</td>"));
        for (String png : List.of("val_accuracy_vs_batch.png", "val_accuracy_vs_lr.png")) {
            BufferedImage img = ImageIO.read(r.dir().resolve(png).toFile());
            assertEquals(800, img.getWidth(), png);
        }
    }

    @Test
    void stagedSweepFixesTheBestBatchBeforeTryingEpochs(@TempDir Path out) throws Exception {
        SweepJob.Result r = start(out, "staged", "method: staged\nmetric: val_loss\nstages:\n  - batch: [8, 16]\n"
                + "  - epochs: [1, 2]\n").run();

        List<TrialResult> first = r.stages().get(0);
        TrialResult bestBatch = first.get(0).metric("val_loss") <= first.get(1).metric("val_loss") ? first.get(0)
                : first.get(1);
        Object batch = bestBatch.overrides().get("batch");
        List<TrialResult> second = r.stages().get(1);
        assertEquals(2, second.size());
        for (TrialResult t : second) {
            assertEquals(batch, t.overrides().get("batch"), "stage 2 runs at stage 1's best batch");
        }
        // epochs 1 at the best batch is the base's epochs: the stage-1 run itself, not trained twice.
        assertEquals(bestBatch.name(), second.get(0).name());
        assertEquals(bestBatch.metrics(), second.get(0).metrics());
        assertEquals(3, r.ranked().size());
        assertEquals("batch-" + batch + "_epochs-2", second.get(1).name());
        assertEquals(2, second.get(1).epochs());
        for (int i = 1; i < 3; i++) {
            assertTrue(r.ranked().get(i - 1).metric("val_loss") <= r.ranked().get(i).metric("val_loss"), "lowest first");
        }
        assertTrue(Files.isRegularFile(r.dir().resolve("stage1_val_loss_vs_batch.png")));
        assertTrue(Files.isRegularFile(r.dir().resolve("stage2_val_loss_vs_epochs.png")));
    }

    @Test
    void aResumedSweepRunsOnlyTheTrialsNotFinished(@TempDir Path out) throws Exception {
        String yaml = "params:\n  batch: [8, 16]\n";
        SweepJob first = start(out, "resume", yaml);
        Path sweep = first.dir();
        // As a sweep killed during its second trial leaves it: the first trial finished, the second
        // folder begun without a checkpoint.
        SweepJob.Result whole = first.run();
        Path done = sweep.resolve("classify/batch-8");
        Path interrupted = sweep.resolve("classify/batch-16");
        FileTime finishedAt = Files.getLastModifiedTime(done.resolve("history.csv"));
        for (String f : List.of("trial.json", "best", "last", "report.json")) {
            dev.citra.util.AtomicFiles.deleteRecursively(interrupted.resolve(f));
        }
        Files.delete(sweep.resolve("results.csv"));

        SweepJob.Result resumed = SweepJob.resume(sweep, TrainFixtures.QUIET).run();

        assertEquals(finishedAt, Files.getLastModifiedTime(done.resolve("history.csv")), "the finished trial ran again");
        assertEquals(2, resumed.ranked().size());
        assertTrue(Files.isRegularFile(interrupted.resolve("trial.json")));
        assertTrue(Files.isRegularFile(interrupted.resolve("best/citra.json")));
        assertEquals(3, Files.readAllLines(sweep.resolve("results.csv")).size());
        String log = Files.readString(sweep.resolve("log.txt"));
        assertTrue(log.contains("Trial batch-8 finished before: not run again"), log);
        assertTrue(log.contains("Trial batch-16 was interrupted before its first checkpoint: starting it again"), log);
        assertEquals(whole.ranked().size(), resumed.ranked().size());
    }

    @Test
    void aTrialKilledAfterItsFirstEpochResumesFromItsCheckpoint(@TempDir Path out) throws Exception {
        String yaml = "params:\n  batch: [8]\n";
        TrainConfig base = ConfigIO.merge(base(out, "killed"), Map.of("epochs", 2));
        SweepJob job = SweepJob.start(base, ConfigIO.parse(yaml, "sweep.yaml", SweepSpec.class), "sweep.yaml", yaml,
                TrainFixtures.QUIET);
        TrainConfig trial = ConfigIO.merge(base, Map.of("batch", 8, "out", job.dir().toString(), "name", "batch-8"));
        TrainingListener kill = new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingContext ctx, dev.citra.eval.EpochRecord record) {
                throw new IllegalStateException("killed after epoch " + record.epoch());
            }
        };
        assertThrows(IllegalStateException.class,
                () -> new TrainingJob(trial, TrainFixtures.QUIET).withListeners(List.of(kill)).run());
        Path runDir = job.dir().resolve("classify/batch-8");
        assertTrue(Files.isRegularFile(runDir.resolve("last/training_state.json")));

        SweepJob.Result r = job.run();

        assertEquals(2, r.best().epochs());
        assertEquals(3, Files.readAllLines(runDir.resolve("history.csv")).size());
        String log = Files.readString(job.dir().resolve("log.txt"));
        assertTrue(log.contains("Trial batch-8 was interrupted: resuming it from its last/ checkpoint"), log);
        assertTrue(Files.readString(runDir.resolve("log.txt")).contains("Resuming after epoch 1"));
    }
}
