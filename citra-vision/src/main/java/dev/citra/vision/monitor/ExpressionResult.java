package dev.citra.vision.monitor;

import java.util.List;

/** The faces of one frame with their smoothed expressions, largest first. */
public record ExpressionResult(double seconds, List<FaceLabel> faces, List<Event> events) implements FrameResult {}
