package dev.citra.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import dev.citra.CitraException;
import dev.citra.model.Network;
import dev.citra.train.optim.Adam;
import dev.citra.train.optim.Optimizer;
import dev.citra.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a training step's time goes, operation by operation: libtorch's own profiler around a few
 * of the steps {@link ModelBenchmark} times, its trace kept for chrome://tracing or Perfetto, and
 * each operation's self time (its time minus that of the operations it called) summed by name.
 */
public final class TrainingProfile {
    private TrainingProfile() {}

    /**
     * One operation's share of the profiled steps.
     *
     * @param selfMillis time in the operation itself, per step, summed over every thread
     * @param share of the total self time of all operations
     */
    public record OpTime(String op, double callsPerStep, double selfMillis, double share) {}

    /**
     * The profile of one model.
     *
     * @param stepMillis wall time of one step while profiled (the profiler adds a little to it)
     * @param ops every operation, the costliest first
     * @param trace the profiler's trace file
     */
    public record Result(String model, int size, int batch, int steps, double stepMillis, List<OpTime> ops,
            Path trace) {}

    /** Profiles {@code steps} training steps of {@code model} at {@code size} px, after three unprofiled ones. */
    public static Result run(String model, int size, int batch, int steps, Path trace) {
        try (Network net = ModelBenchmark.network(model, size); Optimizer adam = new Adam(0f)) {
            float[] pixels = ModelBenchmark.randomBatch(net.input(), batch);
            Runnable step = ModelBenchmark.trainingStep(net, pixels, batch, adam);
            for (int i = 0; i < 3; i++) {
                step.run();
            }
            Files.createDirectories(trace.toAbsolutePath().getParent());
            long start;
            long end;
            JniUtils.startProfile(false, false, false);
            try {
                start = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    step.run();
                }
                end = System.nanoTime();
            } finally {
                JniUtils.stopProfile(trace.toString());
            }
            List<OpTime> ops = selfTimes(Json.mapper().readTree(trace.toFile()), steps);
            return new Result(model, size, batch, steps, (end - start) / 1e6 / steps, ops, trace);
        } catch (IOException e) {
            throw new CitraException("Cannot write or read the profile " + trace + " (" + e.getMessage()
                    + "): pass a writable folder.");
        }
    }

    /**
     * Self time per operation name from a Chrome trace (an array of events, or an object with
     * {@code traceEvents}): complete events ({@code "ph": "X"}) nest by time on their thread, and an
     * event's self time is its duration minus its direct children's.
     */
    static List<OpTime> selfTimes(JsonNode trace, int steps) {
        JsonNode events = trace.isArray() ? trace : trace.path("traceEvents");
        Map<String, List<double[]>> byThread = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (JsonNode e : events) {
            if (!"X".equals(e.path("ph").asText()) || !e.has("dur")) {
                continue;
            }
            names.add(e.path("name").asText());
            // {start, duration, name index}
            byThread.computeIfAbsent(e.path("pid").asText() + "/" + e.path("tid").asText(), k -> new ArrayList<>())
                    .add(new double[] {e.path("ts").asDouble(), e.path("dur").asDouble(), names.size() - 1});
        }
        Map<String, double[]> totals = new HashMap<>(); // name -> {calls, self µs}
        for (List<double[]> thread : byThread.values()) {
            // Parents first: earlier start, and at the same start the longer one.
            thread.sort(Comparator.<double[]>comparingDouble(e -> e[0]).thenComparing(e -> -e[1]));
            Deque<double[]> open = new ArrayDeque<>(); // {end, self µs, name index}
            for (double[] e : thread) {
                while (!open.isEmpty() && open.peek()[0] <= e[0]) {
                    close(open.pop(), names, totals);
                }
                if (!open.isEmpty()) {
                    open.peek()[1] -= e[1];
                }
                open.push(new double[] {e[0] + e[1], e[1], e[2]});
            }
            while (!open.isEmpty()) {
                close(open.pop(), names, totals);
            }
        }
        double all = totals.values().stream().mapToDouble(t -> Math.max(0, t[1])).sum();
        return totals.entrySet().stream()
                .map(t -> new OpTime(t.getKey(), t.getValue()[0] / steps, Math.max(0, t.getValue()[1]) / 1000 / steps,
                        all > 0 ? Math.max(0, t.getValue()[1]) / all : 0))
                .sorted(Comparator.comparingDouble(OpTime::selfMillis).reversed())
                .toList();
    }

    private static void close(double[] event, List<String> names, Map<String, double[]> totals) {
        double[] t = totals.computeIfAbsent(names.get((int) event[2]), k -> new double[2]);
        t[0]++;
        t[1] += event[1];
    }
}
