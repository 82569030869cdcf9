package dev.citra.train;

import dev.citra.classify.TrainingJob;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** The training process {@link CrashSafetyTest} starts and kills: {@code new|resume <out> <data>}. */
public final class CrashChild {
    private CrashChild() {}

    static Map<String, Object> config(Path out, Path data) {
        Map<String, Object> m = TrainFixtures.smallRun(data, out, "crash", 16, 8);
        m.put("epochs", 100_000);
        m.put("workers", 1);
        return m;
    }

    public static void main(String[] args) {
        Path out = Path.of(args[1]);
        PrintStream quiet = TrainFixtures.QUIET;
        if (args[0].equals("new")) {
            new TrainingJob(ConfigIO.fromMap(config(out, Path.of(args[2]))), quiet).run();
        } else {
            TrainingJob.resume(out.resolve("classify/crash"), Map.of(), quiet);
        }
    }
}
