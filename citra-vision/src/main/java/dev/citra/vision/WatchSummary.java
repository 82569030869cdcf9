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
 */
public record WatchSummary(String source, long decoded, long processed, long dropped, long strided, double wallSeconds,
        Map<Stage, Double> stageMillis, Map<String, Integer> events, List<Double> alarmLatencyMillis, String stoppedBy) {
    /** Frames through the monitor per second of wall time. */
    public double fps() {
        return wallSeconds > 0 ? processed / wallSeconds : 0;
    }
}
