package dev.citra.vision.monitor;

import java.util.List;

/**
 * A whole frame's smoothed top classes.
 *
 * @param top the most probable classes, most probable first (smoothed)
 */
public record ClassifyResult(double seconds, List<dev.citra.infer.Prediction> top, List<Event> events) implements FrameResult {
    @Override
    public java.util.Map<String, Object> fields() {
        return java.util.Map.of("top", top.stream().map(p -> java.util.Map.of("label", p.label(), "probability", p.probability()))
                .toList());
    }
}
