package dev.citra.train;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The training process {@link CrashSafetyTest} starts and kills: {@code new|resume <out> <data>}. */
public final class CrashChild {
    private CrashChild() {}

    static Map<String, Object> config(Path out, Path data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("out", out.toString());
        m.put("name", "crash");
        m.put("img_size", 16);
        m.put("epochs", 100_000);
        m.put("batch", 16);
        m.put("seed", 8);
        m.put("workers", 1);
        m.put("early_stopping.patience", 0);
        m.put("reduce_lr.patience", 0);
        return m;
    }

    public static void main(String[] args) {
        Path out = Path.of(args[1]);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        if (args[0].equals("new")) {
            new TrainingJob(ConfigIO.fromMap(config(out, Path.of(args[2]))), quiet).run();
        } else {
            TrainingJob.resume(out.resolve("classify/crash"), Map.of(), quiet);
        }
    }
}
