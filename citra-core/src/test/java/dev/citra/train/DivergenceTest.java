package dev.citra.train;

import dev.citra.classify.TrainingJob;
import dev.citra.classify.RunResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import dev.citra.CitraException;
import dev.citra.bundle.BundleMetadata;
import dev.citra.eval.ClassificationMetrics;
import dev.citra.eval.EpochRecord;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.infer.Predictions;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.LayerSpec;
import dev.citra.model.Network;
import dev.citra.train.optim.Optimizer;
import dev.citra.train.optim.Optimizers;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose loss or weights turn NaN stops at that step and leaves its checkpoints as the last
 * good epoch wrote them; monitors rank NaN below every number; metrics refuse NaN scores.
 */
class DivergenceTest {
    private static final PrintStream QUIET = TrainFixtures.QUIET;

    @TempDir
    static Path shared;

    static Path data;

    @BeforeAll
    static void drawData() throws Exception {
        data = TrainFixtures.shapes(shared, 40, 24, 3);
    }

    private static Map<String, Object> config(Path out) {
        Map<String, Object> m = TrainFixtures.smallRun(data, out, "nan", 24, 9);
        m.put("epochs", 2);
        m.put("lr", 0.003);
        return m;
    }

    /** Writes a NaN into the first weight after a given step, as memory corruption or an overflow would. */
    private static final class Poison implements TrainingListener {
        private final int epoch;
        private final int batch;

        Poison(int epoch, int batch) {
            this.epoch = epoch;
            this.batch = batch;
        }

        @Override
        public void onBatchEnd(TrainingContext ctx, int b, int batches, double loss, double acc) {
            if (ctx.epoch() == epoch && b == batch) {
                NDArray w = ctx.model().trainableParameters().get(0).getValue().getArray();
                float[] values = w.toFloatArray();
                values[0] = Float.NaN;
                w.set(FloatBuffer.wrap(values));
            }
        }
    }

    private static Map<String, byte[]> contents(Path dir) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), actual.get(name), name + " changed");
        }
    }

    @Test
    void aNanStopsTheRunAtOnceAndLeavesBestAndLastAsTheyWere(@TempDir Path out) throws Exception {
        RunResult first = new TrainingJob(ConfigIO.fromMap(config(out)), QUIET).run();
        Path run = first.runDir();
        Map<String, byte[]> best = contents(run.resolve("best"));
        Map<String, byte[]> last = contents(run.resolve("last"));
        String history = Files.readString(run.resolve("history.csv"));

        Map<String, Object> more = Map.of("epochs", 4);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> TrainingJob.resuming(run, more, QUIET).withListeners(List.of(new Poison(3, 2))).run());
        // The step after the poisoned one sees it in its loss.
        assertEquals(3, e.epoch());
        assertEquals(3, e.batch());
        assertTrue(e.getMessage().startsWith("Training stopped at epoch 3, batch 3 of "), e.getMessage());
        assertTrue(e.getMessage().contains("the training loss became NaN"), e.getMessage());
        assertTrue(e.getMessage().contains("best/ (epoch " + first.history().stream()
                .filter(r -> r.valLoss() == first.history().stream().mapToDouble(EpochRecord::valLoss).min().orElseThrow())
                .findFirst().orElseThrow().epoch() + ", val_loss "), e.getMessage());
        assertTrue(e.getMessage().contains("last/ (epoch 2)"), e.getMessage());
        assertTrue(e.getMessage().contains("citra train --resume " + run + " --lr 0.0003"), e.getMessage());

        assertSameFiles(best, contents(run.resolve("best")));
        assertSameFiles(last, contents(run.resolve("last")));
        assertEquals(history, Files.readString(run.resolve("history.csv")));
        assertTrue(Files.readString(run.resolve("log.txt")).contains("the training loss became NaN"));

        // Resumed as the message says, the run goes on from epoch 2's checkpoint at the lower rate.
        RunResult resumed = TrainingJob.resume(run, Map.of("epochs", 4, "lr", 0.0003), QUIET);
        assertEquals(List.of(1, 2, 3, 4), resumed.history().stream().map(EpochRecord::epoch).toList());
        assertEquals(0.0003, resumed.history().get(2).lr(), 1e-12);
        assertTrue(resumed.history().stream().allMatch(r -> Double.isFinite(r.loss()) && Double.isFinite(r.valLoss())));
    }

    @Test
    void aRunThatDivergesInItsFirstEpochSaysNothingWasSaved(@TempDir Path out) {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new TrainingJob(ConfigIO.fromMap(config(out)), QUIET).withListeners(List.of(new Poison(1, 1))).run());
        assertEquals(1, e.epoch());
        assertTrue(e.getMessage().contains("No epoch finished, so nothing was saved"), e.getMessage());
        assertFalse(Files.exists(out.resolve("classify/nan/best")));
    }

    private static Network tiny() {
        return Network.create(ArchitectureRegistry.defaults(),
                new ArchitectureSpec("custom", List.of(LayerSpec.of("flatten")), null, null),
                new ImageSpec(8, 1, Normalization.UNIT), List.of("a", "b"), 1);
    }

    private static EpochRecord epoch(int e, double valLoss, double valAccuracy) {
        return new EpochRecord(e, 1.0, 0.5, valLoss, valAccuracy, 1e-3, 1);
    }

    @Test
    void monitorsRankNanBelowEveryNumber() {
        for (Monitor m : List.of(Monitor.of("val_loss", "auto"), Monitor.of("val_accuracy", "auto"))) {
            assertFalse(m.improves(Double.NaN, 0.5, 0), m + ": NaN does not beat a number");
            assertTrue(m.improves(0.5, Double.NaN, 0), m + ": any number beats no value yet");
            assertFalse(m.improves(Double.NaN, Double.NaN, 0), m + ": NaN is not a first best either");
        }
        try (Network net = tiny()) {
            TrainConfig config = TrainConfig.defaults();
            TrainingContext ctx = new TrainingContext(net, null, config.totalEpochs(), List.of(), 0, 0.01);
            EarlyStopping es = new EarlyStopping(new EarlyStoppingConfig(2, "val_loss", "auto", 0.0, false));
            ReduceLrOnPlateau lr = new ReduceLrOnPlateau(new ReduceLrConfig(2, "val_loss", "auto", 0.5, 0.0, 0.0));
            double[] losses = {0.9, 0.5, Double.NaN, Double.NaN};
            for (int e = 1; e <= losses.length; e++) {
                ctx.beginEpoch(e);
                es.onEpochEnd(ctx, epoch(e, losses[e - 1], 0.5));
                lr.onEpochEnd(ctx, epoch(e, losses[e - 1], 0.5));
            }
            assertEquals(2, es.bestEpoch());
            assertTrue(ctx.stopReason() != null && ctx.stopReason().contains("best 0.5000 at epoch 2"), ctx.stopReason());
            assertEquals(0.005, ctx.learningRate(), 1e-12, "two NaN epochs are two epochs without improvement");
        }
    }

    @Test
    void aNanValidationLossNeverReplacesBestButARunWithoutValidationKeepsItsLastEpoch(@TempDir Path dir) {
        try (Network net = tiny(); Optimizer adam = Optimizers.create("adam", 0, 0)) {
            TrainingContext ctx = new TrainingContext(net, adam, 10, List.of(), 0, 0.01);
            Monitor monitor = Monitor.of("val_loss", "auto");
            Checkpointer measured = new Checkpointer(dir.resolve("a"), monitor, true, (d, e, m, x) -> dev.citra.bundle.ModelBundle.save(d, net, meta(net, e, m), x), List.of());
            Checkpointer unmeasured = new Checkpointer(dir.resolve("b"), monitor, false, (d, e, m, x) -> dev.citra.bundle.ModelBundle.save(d, net, meta(net, e, m), x), List.of());
            double[] losses = {0.9, 0.5, Double.NaN};
            for (int e = 1; e <= losses.length; e++) {
                ctx.beginEpoch(e);
                measured.onEpochEnd(ctx, epoch(e, losses[e - 1], 0.5));
                unmeasured.onEpochEnd(ctx, epoch(e, Double.NaN, Double.NaN));
            }
            assertEquals(2, dev.citra.bundle.ModelBundle.readMetadata(measured.bestDir()).epoch());
            assertEquals(3, dev.citra.bundle.ModelBundle.readMetadata(measured.lastDir()).epoch());
            assertEquals(3, dev.citra.bundle.ModelBundle.readMetadata(unmeasured.bestDir()).epoch());
        }
    }

    private static BundleMetadata meta(Network net, int epoch, Map<String, Double> metrics) {
        return BundleMetadata.of(BundleMetadata.CURRENT_FORMAT, net.architecture(), net.labels(), net.input(), Map.of(),
                metrics, null, epoch, net.parameterCount(), "test", "now");
    }

    @Test
    void metricsRefuseNanScores() {
        float[][] scores = {{0.9f, 0.1f}, {Float.NaN, Float.NaN}, {0.2f, 0.8f}};
        CitraException e = assertThrows(CitraException.class,
                () -> ClassificationMetrics.compute(new int[] {0, 1, 1}, new int[] {0, 0, 1}, scores, List.of("a", "b"), 1));
        assertTrue(e.getMessage().contains("scores for 1 of 3 images are NaN or infinite"), e.getMessage());
        Predictions p = new Predictions(scores, new int[] {0, 0, 1}, Double.NaN);
        assertEquals(1, p.nonFinite());
        CitraException refused = assertThrows(CitraException.class, () -> p.requireFinite("The model (x)"));
        assertTrue(refused.getMessage().startsWith("The model (x) gives NaN or infinite scores for 1 of 3 images"));
        float[][] fine = Arrays.copyOf(scores, 3);
        fine[1] = new float[] {0.5f, 0.5f};
        assertEquals(0, new Predictions(fine, new int[] {0, 0, 1}, 0.1).requireFinite("m").nonFinite());
    }

    @Test
    void firstNonFiniteParameterNamesIt() {
        try (Network net = tiny()) {
            assertNull(net.firstNonFiniteParameter(false));
            var p = net.trainableParameters().get(1);
            NDArray w = p.getValue().getArray();
            float[] v = w.toFloatArray();
            v[v.length - 1] = Float.POSITIVE_INFINITY;
            w.set(FloatBuffer.wrap(v));
            assertEquals(p.getKey(), net.firstNonFiniteParameter(true));
        }
    }
}
