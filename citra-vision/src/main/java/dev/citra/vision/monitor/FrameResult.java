package dev.citra.vision.monitor;

import java.util.List;

/** What a monitor found in one frame. */
public sealed interface FrameResult permits ClassifyResult, DrowsinessResult, ExpressionResult {
    /** The frame's time (seconds). */
    double seconds();

    /** What changed with this frame (often nothing). */
    List<Event> events();

    /** The frame's figures as JSON-ready values, for a per-frame log. */
    java.util.Map<String, Object> fields();
}
