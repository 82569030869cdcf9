package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.citra.CitraException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Per-step learning rates against PyTorch's schedulers stepped once per batch (max_lr / lr 0.1, 20
 * steps), computed once with torch 2.13 (src/test/resources/torch/schedules_adamw.py).
 */
class LrScheduleTest {
    private static final double[] ONE_CYCLE = {0.0040000000000000036, 0.013167184270002533, 0.037167184270002526,
        0.06683281572999747, 0.09083281572999748, 0.1, 0.09874640062350874, 0.09504846320134738, 0.089091617757105,
        0.0811745653949763, 0.07169430017913009, 0.06112620219362893, 0.0500002, 0.03887419780637107,
        0.028306099820869922, 0.0188258346050237, 0.010908782242895003, 0.004951936798652629, 0.0012539993764912555,
        4e-07};
    /** OneCycleLR with pct_start 0.25: warm-up of 5 of the 20 steps. */
    private static final double[] ONE_CYCLE_PCT_25 = {0.0040000000000000036, 0.018058874503045733,
        0.052000000000000005, 0.08594112549695429, 0.1, 0.09890738440717015, 0.09567729017303851, 0.0904508879153485,
        0.08345659649182165, 0.0750001, 0.0654509879153485, 0.05522660225769002, 0.04477379774230999,
        0.03454941208465151, 0.025000300000000013, 0.01654380350817838, 0.009549512084651508, 0.0043231098269614805,
        0.0010930155928298624, 4e-07};
    private static final double[] COSINE = {0.1, 0.0993844170297569, 0.09755282581475769, 0.0945503262094184,
        0.0904508497187474, 0.08535533905932739, 0.07938926261462367, 0.07269952498697735, 0.06545084971874739,
        0.05782172325201156, 0.05000000000000001, 0.04217827674798848, 0.03454915028125264, 0.027300475013022667,
        0.020610737385376353, 0.014644660940672629, 0.009549150281252633, 0.005449673790581611, 0.0024471741852423235,
        0.0006155829702431171};

    /** The rates of 4 epochs of 5 batches, in step order. */
    private static double[] rates(LrSchedule s) {
        double[] out = new double[20];
        for (int epoch = 1; epoch <= 4; epoch++) {
            for (int batch = 1; batch <= 5; batch++) {
                out[(epoch - 1) * 5 + batch - 1] = s.rate(epoch, batch, 5);
            }
        }
        return out;
    }

    private static void assertRates(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12, "step " + i);
        }
    }

    @Test
    void oneCycleIsTorchsOneCycleLr() {
        assertRates(ONE_CYCLE, rates(new LrSchedule(Schedule.ONE_CYCLE, 0.1, 4, null)));
    }

    @Test
    void oneCycleWarmUpIsItsRisingPhase() {
        assertRates(ONE_CYCLE_PCT_25, rates(new LrSchedule(Schedule.ONE_CYCLE, 0.1, 4, 1.0)));
    }

    @Test
    void cosineWithoutWarmUpIsTorchsCosineAnnealingLr() {
        assertRates(COSINE, rates(new LrSchedule(Schedule.COSINE, 0.1, 4, null)));
    }

    @Test
    void cosineWarmsUpLinearlyThenAnneals() {
        // Half an epoch of 4 batches = 2 warm-up steps: lr/2, lr; then cosine over the other 14 of 16 steps.
        LrSchedule s = new LrSchedule(Schedule.COSINE, 0.2, 4, 0.5);
        assertEquals(0.1, s.rate(1, 1, 4), 1e-12);
        assertEquals(0.2, s.rate(1, 2, 4), 1e-12);
        assertEquals(0.2, s.rate(1, 3, 4), 1e-12);
        assertEquals(0.2 * (1 + Math.cos(Math.PI * 7 / 14)) / 2, s.rate(3, 2, 4), 1e-12);
        assertEquals(0.2 * (1 + Math.cos(Math.PI * 13 / 14)) / 2, s.rate(4, 4, 4), 1e-12);
    }

    @Test
    void constantKeepsTheRate() {
        LrSchedule s = new LrSchedule(Schedule.CONSTANT, 0.01, 3, null);
        assertEquals(0.01, s.rate(1, 1, 10), 0);
        assertEquals(0.01, s.rate(3, 10, 10), 0);
    }

    @Test
    void aScheduleTurnsLrReductionOffAndSaysSo() {
        List<String> told = new java.util.ArrayList<>();
        Consumer<String> announce = told::add;
        TrainConfig cosine = config(Map.of("schedule", "cosine", "reduce_lr.patience", 3));
        assertEquals(0, LrScheduler.reduceLr(cosine, announce).patience());
        assertEquals(List.of("Schedule cosine sets the learning rate of every step: LR reduction on a plateau"
                + " (reduce_lr.patience 3) is off"), told);
        TrainConfig constant = config(Map.of("reduce_lr.patience", 3));
        assertEquals(3, LrScheduler.reduceLr(constant, announce).patience());
        assertNull(LrScheduler.of(constant));
        assertEquals(1, told.size());
    }

    @Test
    void badScheduleSettingsGetOneSentence() {
        assertEquals("--warmup-epochs 1.0 belongs to a schedule: add --schedule cosine or --schedule one_cycle (or drop"
                + " --warmup-epochs).", message(Map.of("warmup_epochs", 1.0)));
        assertEquals("--warmup-epochs must be above 0 and below --epochs (5), not 5.0.",
                message(Map.of("schedule", "cosine", "epochs", 5, "warmup_epochs", 5.0)));
        assertEquals("Unknown schedule 'linear' in the command line: use one of constant, cosine, one_cycle.",
                message(Map.of("schedule", "linear")));
    }

    @Test
    void aCurveThatStartsAfterAnEpochIsTheSameCurveShifted() {
        LrSchedule fromStart = new LrSchedule(Schedule.COSINE, 0.1, 4, null);
        LrSchedule afterThree = new LrSchedule(Schedule.COSINE, 0.1, 4, null, 3);
        for (int epoch = 1; epoch <= 4; epoch++) {
            for (int batch = 1; batch <= 5; batch++) {
                assertEquals(fromStart.rate(epoch, batch, 5), afterThree.rate(epoch + 3, batch, 5), 0);
            }
        }
        // A fine-tuning stage under a schedule is allowed: it gets its own curve.
        config(Map.of("schedule", "one_cycle", "model", "mobilenet_v2", "freeze", "backbone", "fine_tune_epochs", 2));
    }

    private static TrainConfig config(Map<String, Object> values) {
        return ConfigIO.fromMap(new LinkedHashMap<>(values)).validate();
    }

    private static String message(Map<String, Object> values) {
        return assertThrows(CitraException.class, () -> config(values)).getMessage();
    }
}
