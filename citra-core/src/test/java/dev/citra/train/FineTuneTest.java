package dev.citra.train;

import dev.citra.classify.TrainingJob;
import dev.citra.classify.RunResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.data.DemoDataset;
import dev.citra.eval.EpochRecord;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-stage fastai-style schedule: the head trains on a frozen backbone, then everything
 * trains at a tenth of the rate; a run killed in the second stage resumes in it.
 */
class FineTuneTest {
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    static Path shared;

    static Path data;

    @BeforeAll
    static void drawData() throws Exception {
        data = shared.resolve("shapes");
        DemoDataset.write(data, 60, 32, 11);
    }

    private static Map<String, Object> config(Path out, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("out", out.toString());
        m.put("name", name);
        m.put("img_size", 24);
        m.put("freeze", "backbone");
        m.put("epochs", 2);
        m.put("fine_tune_epochs", 2);
        m.put("lr", 0.004);
        m.put("batch", 32);
        m.put("seed", 5);
        m.put("early_stopping.patience", 0);
        m.put("reduce_lr.patience", 0);
        return m;
    }

    /** Per epoch: trainable parameter count at the first batch, and the first layer's weights after it. */
    private static final class Recorder implements TrainingListener {
        final List<Long> trainable = new ArrayList<>();
        final List<float[]> firstLayer = new ArrayList<>();
        float[] initial;

        @Override
        public void onTrainBegin(TrainingContext ctx) {
            initial = firstWeights(ctx);
        }

        @Override
        public void onBatchEnd(TrainingContext ctx, int batch, int batches, double loss, double acc) {
            if (batch == 1) {
                trainable.add(ctx.model().trainableParameterCount());
            }
        }

        @Override
        public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
            firstLayer.add(firstWeights(ctx));
        }

        private static float[] firstWeights(TrainingContext ctx) {
            return ctx.model().block().getParameters().get(0).getValue().getArray().toFloatArray();
        }
    }

    /** A listener that throws at the first batch of {@code epoch}, as a kill would stop the run there. */
    private static TrainingListener killedIn(int epoch) {
        return new TrainingListener() {
            @Override
            public void onBatchEnd(TrainingContext ctx, int batch, int batches, double loss, double acc) {
                if (ctx.epoch() == epoch && batch == 1) {
                    throw new IllegalStateException("simulated kill");
                }
            }
        };
    }

    @Test
    void theHeadTrainsFirstThenEverythingAtATenthOfTheRate(@TempDir Path out) {
        Recorder rec = new Recorder();
        RunResult r = new TrainingJob(ConfigIO.fromMap(config(out, "ft")), QUIET).withListeners(List.of(rec)).run();
        assertEquals(List.of(1, 2, 3, 4), r.history().stream().map(EpochRecord::epoch).toList());
        assertEquals(List.of(0.004, 0.004, 0.0004, 0.0004),
                r.history().stream().map(e -> Math.round(e.lr() * 1e7) / 1e7).toList());
        // Stage 1: only the head learns, the backbone's first convolution stays as initialised.
        assertEquals(rec.trainable.get(0), rec.trainable.get(1));
        assertTrue(rec.trainable.get(2) > rec.trainable.get(1), rec.trainable.toString());
        assertEquals(rec.trainable.get(2), rec.trainable.get(3));
        assertArrayEquals(rec.initial, rec.firstLayer.get(0));
        assertArrayEquals(rec.initial, rec.firstLayer.get(1));
        // Stage 2: it learns.
        assertFalse(Arrays.equals(rec.initial, rec.firstLayer.get(3)));
    }

    @Test
    void aRunKilledWhileFineTuningResumesFineTuning(@TempDir Path out) throws Exception {
        TrainingListener killer = killedIn(4);
        assertThrows(IllegalStateException.class,
                () -> new TrainingJob(ConfigIO.fromMap(config(out, "killed")), QUIET).withListeners(List.of(killer)).run());
        Path run = out.resolve("classify/killed");
        Recorder rec = new Recorder();
        RunResult resumed = TrainingJob.resuming(run, Map.of(), QUIET).withListeners(List.of(rec)).run();
        assertEquals(List.of(1, 2, 3, 4), resumed.history().stream().map(EpochRecord::epoch).toList());
        assertEquals(0.0004, resumed.history().get(3).lr(), 1e-9);
        // Resumed unfrozen: every trainable parameter learns in epoch 4, as it did in epoch 3.
        assertTrue(rec.trainable.get(0) > 258 * 10, rec.trainable.toString());
        assertTrue(Files.readString(run.resolve("log.txt")).contains("fine-tuning the whole network"));

        CitraException done = assertThrows(CitraException.class, () -> TrainingJob.resume(run, Map.of(), QUIET));
        assertTrue(done.getMessage().contains("--fine-tune-epochs"), done.getMessage());
    }

    @Test
    void underACosineScheduleEachStageGetsItsOwnCurveAndAResumedStageKeepsIt(@TempDir Path out) throws Exception {
        Map<String, Object> m = config(out, "cosine");
        m.put("schedule", "cosine");
        m.put("fine_tune_lr", 0.001);
        TrainingListener killer = killedIn(4);
        assertThrows(IllegalStateException.class,
                () -> new TrainingJob(ConfigIO.fromMap(m), QUIET).withListeners(List.of(killer)).run());
        Path run = out.resolve("classify/cosine");
        RunResult r = TrainingJob.resuming(run, Map.of(), QUIET).run();

        int train = Files.readAllLines(run.resolve("splits/train.txt")).size();
        int batches = train % 32 == 1 ? train / 32 : (train + 31) / 32;
        LrSchedule head = new LrSchedule(Schedule.COSINE, 0.004, 2, null);
        LrSchedule fineTuning = new LrSchedule(Schedule.COSINE, 0.001, 2, null, 2);
        List<Double> expected = List.of(head.rate(1, batches, batches), head.rate(2, batches, batches),
                fineTuning.rate(3, batches, batches), fineTuning.rate(4, batches, batches));
        List<Double> lrs = r.history().stream().map(EpochRecord::lr).toList();
        for (int i = 0; i < 4; i++) {
            assertEquals(expected.get(i), lrs.get(i), 1e-9, "epoch " + (i + 1) + ": " + lrs);
        }
        // The second stage starts again near its own peak rather than where the first curve ended.
        assertTrue(lrs.get(2) > 0.0005 && lrs.get(1) < 0.002, lrs.toString());
    }

    @Test
    void fineTuningNeedsAFrozenBackbone(@TempDir Path out) {
        Map<String, Object> m = config(out, "bad");
        m.put("freeze", "none");
        CitraException e = assertThrows(CitraException.class, () -> ConfigIO.fromMap(m).validate());
        assertTrue(e.getMessage().contains("--freeze backbone"), e.getMessage());
    }
}
