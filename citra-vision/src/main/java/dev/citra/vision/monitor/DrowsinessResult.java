package dev.citra.vision.monitor;

import dev.citra.vision.detect.Box;
import java.util.List;

/**
 * The drowsiness monitor's view of one frame.
 *
 * @param face the driver's face (the largest one), or null
 * @param eyes the eyes found in it, with their closed probabilities
 * @param closedSeconds how long the eyes have been closed without a break (0 when open)
 * @param perclos share of the recent window with the eyes closed
 * @param blinks blinks counted since the start
 * @param blinksPerMinute blinks per minute over the recent window
 */
public record DrowsinessResult(double seconds, DriverState state, Box face, List<EyeReading> eyes, double closedSeconds,
        double perclos, int blinks, double blinksPerMinute, List<Event> events) implements FrameResult {
    public boolean alarm() {
        return state == DriverState.ALARM;
    }

    @Override
    public java.util.Map<String, Object> fields() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        m.put("face", face == null ? null : List.of(face.x(), face.y(), face.width(), face.height()));
        m.put("closed_probability", eyes.stream().map(EyeReading::closedProbability).toList());
        m.put("closed_seconds", closedSeconds);
        m.put("perclos", perclos);
        m.put("blinks", blinks);
        m.put("blinks_per_minute", blinksPerMinute);
        return m;
    }
}
