package dev.citra.bench;

import dev.citra.data.DemoDataset;
import dev.citra.eval.EpochRecord;
import dev.citra.train.ConfigIO;
import dev.citra.train.TrainConfig;
import dev.citra.train.TrainingContext;
import dev.citra.classify.TrainingJob;
import dev.citra.train.TrainingListener;
import dev.citra.util.TemporaryFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A long training run that samples the process's resident memory and Java heap at a fixed
 * interval: a loop that keeps a reference, or native arrays that outlive their step, shows as
 * resident memory that keeps climbing instead of levelling off.
 */
public final class MemorySoak {
    /**
     * One sample: seconds since the start, resident bytes, used and committed Java heap bytes,
     * training steps so far. Resident memory holds the committed heap, which the JVM grows on its
     * own; what is resident beyond it is native (libtorch, direct buffers).
     */
    public record Sample(double seconds, long residentBytes, long heapBytes, long committedHeapBytes, long steps) {
        /** Resident memory outside the Java heap. */
        public long nativeBytes() {
            return residentBytes - committedHeapBytes;
        }
    }

    private static final int SHAPES_PER_CLASS = 200;

    private MemorySoak() {}

    /**
     * Trains {@code model} on generated shapes at {@code size} pixels, {@code batch} images a
     * step, with augmentation, for {@code minutes}, printing a sample every {@code intervalSeconds}
     * to {@code out}. The shapes and the run are written to a temporary folder, deleted when the
     * soak ends, or when the JVM exits first.
     */
    public static List<Sample> run(String model, int size, int batch, double minutes, int intervalSeconds,
            PrintStream out) {
        return run(model, size, batch, minutes, intervalSeconds, out, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** {@link #run(String, int, int, double, int, PrintStream)} with its temporary folder made in {@code parent}. */
    static List<Sample> run(String model, int size, int batch, double minutes, int intervalSeconds, PrintStream out,
            Path parent) {
        // Also when training fails: every soak draws its own shapes and writes checkpoints, which would pile up.
        try (TemporaryFolder folder = new TemporaryFolder(parent, "citra-soak", out)) {
            return train(folder.path(), model, size, batch, minutes, intervalSeconds, out);
        }
    }

    private static List<Sample> train(Path dir, String model, int size, int batch, double minutes,
            int intervalSeconds, PrintStream out) {
        try {
            DemoDataset.write(dir.resolve("shapes"), SHAPES_PER_CLASS, Math.max(size, 32), 5);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not draw the soak's data: " + e.getMessage(), e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", dir.resolve("shapes").toString());
        m.put("out", dir.resolve("runs").toString());
        m.put("model", model);
        m.put("img_size", size);
        m.put("batch", batch);
        m.put("epochs", 100_000);
        m.put("early_stopping.patience", 0);
        m.put("reduce_lr.patience", 0);
        m.put("augment", Map.of("rotation_range", 15, "width_shift_range", 0.1, "horizontal_flip", true));
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + (long) (minutes * 60e9);
        TrainingListener sampler = new TrainingListener() {
            private long steps;
            private long next = start;

            @Override
            public void onBatchEnd(TrainingContext ctx, int batch, int batches, double loss, double accuracy) {
                steps++;
                long now = System.nanoTime();
                if (now >= next) {
                    Runtime rt = Runtime.getRuntime();
                    Sample s = new Sample((now - start) / 1e9, ModelBenchmark.residentBytes(),
                            rt.totalMemory() - rt.freeMemory(), rt.totalMemory(), steps);
                    samples.add(s);
                    out.printf(Locale.ROOT, "soak t=%5.0fs steps=%7d rss_mb=%7.1f heap_used_mb=%7.1f heap_committed_mb=%7.1f"
                            + " native_mb=%7.1f%n", s.seconds(), s.steps(), s.residentBytes() / 1e6, s.heapBytes() / 1e6,
                            s.committedHeapBytes() / 1e6, s.nativeBytes() / 1e6);
                    next = now + intervalSeconds * 1_000_000_000L;
                }
            }

            @Override
            public void onEpochEnd(TrainingContext ctx, EpochRecord record) {
                if (System.nanoTime() >= end) {
                    ctx.requestStop("the soak's time is up");
                }
            }
        };
        TrainConfig config = ConfigIO.fromMap(m);
        // Read back from the config the job trains with, so the line says what was run.
        out.printf(Locale.ROOT, "soak %s %d batch=%d: %d drawn shapes, augmented; a sample every %d s%n", model, size,
                config.optimisation().batch(), SHAPES_PER_CLASS * DemoDataset.CLASSES.size(), intervalSeconds);
        new TrainingJob(config, new PrintStream(OutputStream.nullOutputStream())).withListeners(List.of(sampler)).run();
        return samples;
    }
}
