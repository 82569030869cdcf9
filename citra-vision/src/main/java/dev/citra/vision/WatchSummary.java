package dev.citra.vision;

import dev.citra.vision.stats.Stage;
import java.util.List;
import java.util.Map;

/**
 * What a watch run did.
 *
 * @param decoded frames read from the source
 * @param processed frames that went through the monitor
 * @param dropped frames a live source delivered while the monitor was busy, skipped to stay current
 * @param strided frames left out on purpose ({@code --vid-stride})
 * @param wallSeconds from the first frame asked for to the last one written
 * @param stageMillis mean milliseconds per pass through each stage used
 * @param events how many events of each type
 * @param alarmLatencyMillis for each alarm, milliseconds from its frame leaving the decoder to the alarm being raised
 * @param stoppedBy why the run ended: "end of source", "max frames", "interrupted", "window closed"
 * @param cpuSeconds CPU time the whole process used during the run (all threads, native ones
 *     included; NaN where the JVM cannot tell): unlike wall time, it hardly depends on what
 *     else the machine runs
 */
public record WatchSummary(String source, long decoded, long processed, long dropped, long strided, double wallSeconds,
        Map<Stage, Double> stageMillis, Map<String, Integer> events, List<Double> alarmLatencyMillis, String stoppedBy,
        double cpuSeconds) {
    /** Frames through the monitor per second of wall time. */
    public double fps() {
        return wallSeconds > 0 ? processed / wallSeconds : 0;
    }

    /** CPU milliseconds per processed frame, all threads together (NaN when unknown). */
    public double cpuMillisPerFrame() {
        return processed > 0 ? cpuSeconds * 1000 / processed : Double.NaN;
    }

    /** The process's CPU time so far in seconds, or NaN. */
    public static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun && sun.getProcessCpuTime() >= 0) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }
}
