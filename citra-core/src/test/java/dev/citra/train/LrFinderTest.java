package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.classify.LrFindJob;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learning-rate range test: its rates, its suggestions on known curves, and a real run on shapes. */
class LrFinderTest {
    @Test
    void ratesGrowExponentiallyFromStartToEnd() {
        LrFinder f = LrFinder.defaults();
        assertEquals(1e-7, f.rate(0), 1e-20);
        assertEquals(10, f.rate(99), 1e-9);
        assertEquals(Math.sqrt(1e-7 * 10), f.rate(99) * Math.pow(1e-8, 0.5), 1e-9);
        assertEquals(f.rate(1) / f.rate(0), f.rate(51) / f.rate(50), 1e-9);
    }

    /** A loss that is flat, falls between 1e-4 and 1e-2 (fastest at 1e-3), then shoots up. */
    private static List<LrFinder.Point> curve(LrFinder f, int steps) {
        List<LrFinder.Point> points = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            double lr = f.rate(i);
            double x = Math.log10(lr);
            double loss = 2 - 1.5 / (1 + Math.exp(-3 * (x + 3))) + (x > -1.5 ? Math.pow(x + 1.5, 2) * 3 : 0);
            points.add(new LrFinder.Point(lr, loss, loss));
        }
        return points;
    }

    @Test
    void suggestionsOnAKnownCurve() {
        LrSuggestion s = LrSuggestion.of(curve(LrFinder.defaults(), 100));
        assertEquals(-3, Math.log10(s.steepest()), 0.1, "steepest " + s.steepest());
        // The valley lies in the fall, below the minimum of the loss (near 10^-1.5).
        assertTrue(s.valley() > 1e-5 && s.valley() < 10e-2, "valley " + s.valley());
        assertTrue(s.valley() < Math.pow(10, -1.5));
    }

    @Test
    void aSmallBumpOfTheFlatStartIsNotTheSteepestDescent() {
        // As on eyes-state: the flat start wobbles by 0.1 from point to point; the real fall is long and gentle.
        LrFinder f = LrFinder.defaults();
        List<LrFinder.Point> points = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            double lr = f.rate(i);
            double x = Math.log10(lr);
            double loss = 2.3 + (i % 2 == 0 ? 0.05 : -0.05) - (x > -4 ? 0.35 * (x + 4) : 0);
            points.add(new LrFinder.Point(lr, loss, loss));
        }
        LrSuggestion s = LrSuggestion.of(points);
        assertTrue(s.steepest() > 1e-4, "steepest " + s.steepest() + " lies in the fall, past 1e-4");
    }

    @Test
    void tooFewPointsGiveNoSuggestion() {
        LrSuggestion s = LrSuggestion.of(curve(LrFinder.defaults(), 7));
        assertTrue(Double.isNaN(s.valley()) && Double.isNaN(s.steepest()));
        assertEquals(-1, s.valleyIndex());
    }

    /**
     * The range test draws its batches as training does: with oversampling, augmentation, label
     * smoothing and mixup on, its first step's loss is the first training step's.
     */
    @Test
    void itsFirstStepIsTheFirstTrainingStep(@TempDir Path dir) throws Exception {
        Path data = TrainFixtures.shapes(dir, 12, 24, 5);
        Map<String, Object> m = TrainFixtures.smallRun(data, dir.resolve("runs"), "same", 24, 5);
        m.put("epochs", 1);
        m.put("dropout", 0.0);
        m.put("balance", "oversample");
        m.put("label_smoothing", 0.1);
        m.put("mixup", 0.4);
        m.put("augment", Map.of("horizontal_flip", true, "rotation_range", 15));
        double[] firstTrainingLoss = {Double.NaN};
        TrainingListener firstBatch = new TrainingListener() {
            @Override
            public void onBatchEnd(TrainingContext ctx, int batch, int batches, double loss, double accuracy) {
                if (ctx.epoch() == 1 && batch == 1) {
                    firstTrainingLoss[0] = loss;
                }
            }
        };
        new dev.citra.classify.TrainingJob(ConfigIO.fromMap(m), TrainFixtures.QUIET).withListeners(List.of(firstBatch))
                .run();
        m.put("name", "probe");
        LrFindJob.Outcome probe = new LrFindJob(ConfigIO.fromMap(m), new LrFinder(1e-7, 1e-6, 3, 0.98, 4),
                TrainFixtures.QUIET).run();
        assertEquals(firstTrainingLoss[0], probe.result().points().get(0).loss(), 1e-5);
    }

    @Test
    void findsASaneRateOnShapesAndWritesThePlot(@TempDir Path dir) throws Exception {
        Path data = TrainFixtures.shapes(dir, 40, 32, 11);
        Map<String, Object> m = TrainFixtures.smallRun(data, dir.resolve("runs"), "probe", 16, 11);
        LrFindJob.Outcome outcome = new LrFindJob(ConfigIO.fromMap(m), LrFinder.defaults(), TrainFixtures.QUIET).run();

        assertEquals(dir.resolve("runs/lr_find/probe"), outcome.dir());
        double suggested = outcome.suggested();
        // Adam on a small CNN: the usable rates are 1e-4 .. 1e-1; 1e-7 and 10 are the ends of the sweep.
        assertTrue(suggested >= 1e-5 && suggested <= 0.3, "suggested " + suggested);
        List<String> csv = Files.readAllLines(outcome.dir().resolve("lr_find.csv"));
        // At rates near 10 the loss takes off from its lowest.
        List<LrFinder.Point> points = outcome.result().points();
        double lowest = points.stream().mapToDouble(LrFinder.Point::smoothed).min().orElseThrow();
        assertTrue(points.get(points.size() - 1).smoothed() > 2 * lowest, "no take-off: " + csv);
        assertEquals("step,lr,loss,smoothed_loss", csv.get(0));
        assertEquals(outcome.result().points().size() + 1, csv.size());
        BufferedImage png = ImageIO.read(outcome.dir().resolve("lr_find.png").toFile());
        assertEquals(800, png.getWidth());
        String log = Files.readString(outcome.dir().resolve("log.txt"));
        assertTrue(log.contains("Suggested learning rate: "), log);
    }
}
