package dev.citra.vision.monitor;

/** What the drowsiness monitor makes of the driver in a frame. */
public enum DriverState {
    /** No face (or no eyes) for a while: nothing is judged. */
    NO_FACE,
    OPEN,
    CLOSED,
    /** Closed for longer than the alarm threshold. */
    ALARM
}
