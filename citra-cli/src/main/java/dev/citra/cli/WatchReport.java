package dev.citra.cli;

import dev.citra.vision.WatchSummary;
import dev.citra.vision.stats.Stage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The end-of-run summary of {@code citra watch}: frames, speed, per-stage times, events. */
final class WatchReport {
    private WatchReport() {}

    static void print(WatchSummary s, PrintWriter out) {
        out.printf(Locale.ROOT, "Source:   %s%n", s.source());
        out.printf(Locale.ROOT, "Frames:   %d decoded, %d processed, %d dropped to keep up, %d skipped by --vid-stride (%s)%n",
                s.decoded(), s.processed(), s.dropped(), s.strided(), s.stoppedBy());
        out.printf(Locale.ROOT, "Speed:    %.1f frames/s processed over %.1f s (decoding, the monitor and encoding overlap)%n",
                s.fps(), s.wallSeconds());
        List<String> stages = new ArrayList<>();
        for (Map.Entry<Stage, Double> e : s.stageMillis().entrySet()) {
            stages.add(String.format(Locale.ROOT, "%s %.2f", e.getKey().label(), e.getValue()));
        }
        if (Double.isFinite(s.cpuMillisPerFrame())) {
            int cores = Runtime.getRuntime().availableProcessors();
            out.printf(Locale.ROOT, "CPU:      %.1f ms per frame, all threads (about %.0f frames/s if %d idle cores were all ours)%n",
                    s.cpuMillisPerFrame(), cores * 1000 / s.cpuMillisPerFrame(), cores);
        }
        out.println("Stages:   " + (stages.isEmpty() ? "none" : String.join(" | ", stages)) + " (mean ms per pass)");
        List<String> events = new ArrayList<>();
        s.events().forEach((k, v) -> events.add(k + " " + v));
        out.println("Events:   " + (events.isEmpty() ? "none" : String.join(", ", events)));
        if (!s.alarmLatencyMillis().isEmpty()) {
            out.printf(Locale.ROOT, "Alarm:    raised %s ms after its frame was decoded%n", s.alarmLatencyMillis().stream()
                    .map(v -> String.format(Locale.ROOT, "%.1f", v)).toList());
        }
    }

    /** The same figures as a JSON-ready map, the last line of a --json log. */
    static Map<String, Object> json(WatchSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "summary");
        m.put("source", s.source());
        m.put("decoded", s.decoded());
        m.put("processed", s.processed());
        m.put("dropped", s.dropped());
        m.put("skipped", s.strided());
        m.put("seconds", round(s.wallSeconds()));
        m.put("fps", round(s.fps()));
        m.put("cpu_ms_per_frame", Double.isFinite(s.cpuMillisPerFrame()) ? round(s.cpuMillisPerFrame()) : null);
        Map<String, Object> stages = new LinkedHashMap<>();
        s.stageMillis().forEach((k, v) -> stages.put(k.name().toLowerCase(Locale.ROOT), round(v)));
        m.put("stage_ms", stages);
        m.put("events", s.events());
        m.put("alarm_latency_ms", s.alarmLatencyMillis().stream().map(WatchReport::round).toList());
        m.put("stopped_by", s.stoppedBy());
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
