package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.classify.RunResult;
import dev.citra.classify.TrainingJob;
import dev.citra.eval.EpochRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real run under a schedule with AdamW: the rate of each epoch's last step is what history.csv shows. */
class ScheduledTrainingTest {
    @Test
    void oneCycleWithAdamWSetsEveryStepAndLogsThatReduceLrIsOff(@TempDir Path dir) throws Exception {
        Path data = TrainFixtures.shapes(dir, 30, 32, 5);
        Map<String, Object> m = TrainFixtures.smallRun(data, dir.resolve("runs"), "cycle", 16, 5);
        m.put("epochs", 3);
        m.put("lr", 0.01);
        m.put("optimizer", "adamw");
        m.put("weight_decay", 0.01);
        m.put("schedule", "one_cycle");
        m.put("warmup_epochs", 1.0);
        m.put("reduce_lr.patience", 1);
        RunResult r = new TrainingJob(ConfigIO.fromMap(m), TrainFixtures.QUIET).run();

        int train = Files.readAllLines(r.runDir().resolve("splits/train.txt")).size();
        int batches = train % 16 == 1 ? train / 16 : (train + 15) / 16;
        LrSchedule schedule = new LrSchedule(Schedule.ONE_CYCLE, 0.01, 3, 1.0);
        List<EpochRecord> history = HistoryWriter.read(r.runDir().resolve("history.csv"), 3);
        assertEquals(3, history.size());
        for (EpochRecord e : history) {
            assertEquals(schedule.rate(e.epoch(), batches, batches), e.lr(), 1e-9, "epoch " + e.epoch());
        }
        // The first epoch ends the warm-up at the peak; the last ends near peak / 25 / 1e4.
        assertEquals(0.01, history.get(0).lr(), 1e-9);
        assertTrue(history.get(2).lr() < 1e-6, "last rate " + history.get(2).lr());
        String log = Files.readString(r.runDir().resolve("log.txt"));
        assertTrue(log.contains("Schedule one_cycle sets the learning rate of every step: LR reduction on a plateau"
                + " (reduce_lr.patience 1) is off"), log);
        assertTrue(Double.isFinite(history.get(2).loss()));
    }
}
