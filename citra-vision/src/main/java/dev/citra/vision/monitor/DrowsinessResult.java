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
}
