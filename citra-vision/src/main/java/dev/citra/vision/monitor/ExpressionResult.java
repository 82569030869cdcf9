package dev.citra.vision.monitor;

import java.util.List;

/** The faces of one frame with their smoothed expressions, largest first. */
public record ExpressionResult(double seconds, List<FaceLabel> faces, List<Event> events) implements FrameResult {
    @Override
    public java.util.Map<String, Object> fields() {
        return java.util.Map.of("faces", faces.stream().map(f -> java.util.Map.of("face", f.id(), "label", f.label(),
                "probability", f.probability(), "box", List.of(f.box().x(), f.box().y(), f.box().width(), f.box().height())))
                .toList());
    }
}
