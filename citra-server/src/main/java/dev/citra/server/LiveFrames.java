package dev.citra.server;

import dev.citra.infer.Prediction;
import dev.citra.vision.detect.Box;
import dev.citra.vision.monitor.ClassifyResult;
import dev.citra.vision.monitor.DrowsinessResult;
import dev.citra.vision.monitor.Event;
import dev.citra.vision.monitor.EyeReading;
import dev.citra.vision.monitor.ExpressionResult;
import dev.citra.vision.monitor.FaceLabel;
import dev.citra.vision.monitor.FrameResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live protocol's answer to one frame, as JSON-ready maps: what the monitor saw (faces and
 * labels, the driver's eyes and state, or the top classes), its events, and the figures. Boxes are
 * {@code [x, y, width, height]} in pixels of the frame sent.
 */
final class LiveFrames {
    private LiveFrames() {}

    /**
     * @param index the frame's number on this connection, from 0
     * @param millis the server's time on it, from receipt to answer
     * @param fps frames answered per second on this connection, lately
     */
    static Map<String, Object> frame(FrameResult result, List<String> labels, long index, int width, int height,
            double millis, double fps) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "frame");
        m.put("frame", index);
        m.put("seconds", finite(result.seconds()));
        m.put("width", width);
        m.put("height", height);
        m.put("millis", finite(millis));
        m.put("fps", finite(fps));
        if (result instanceof ExpressionResult e) {
            m.put("faces", e.faces().stream().map(f -> face(f, labels)).toList());
        } else if (result instanceof DrowsinessResult d) {
            m.put("state", d.state().name().toLowerCase(Locale.ROOT));
            m.put("alarm", d.alarm());
            m.put("face", d.face() == null ? null : box(d.face()));
            m.put("eyes", d.eyes().stream().map(LiveFrames::eye).toList());
            m.put("closed_seconds", finite(d.closedSeconds()));
            m.put("perclos", finite(d.perclos()));
            m.put("blinks", d.blinks());
            m.put("blinks_per_minute", finite(d.blinksPerMinute()));
        } else if (result instanceof ClassifyResult c) {
            m.put("top", c.top().stream().map(LiveFrames::prediction).toList());
        }
        m.put("events", result.events().stream().map(LiveFrames::event).toList());
        return m;
    }

    private static Map<String, Object> face(FaceLabel f, List<String> labels) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("box", box(f.box()));
        m.put("label", f.label());
        m.put("probability", finite(f.probability()));
        Map<String, Object> all = new LinkedHashMap<>();
        for (int c = 0; c < labels.size() && c < f.probabilities().length; c++) {
            all.put(labels.get(c), finite(f.probabilities()[c]));
        }
        m.put("probabilities", all);
        return m;
    }

    private static Map<String, Object> eye(EyeReading e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("box", box(e.box()));
        m.put("closed_probability", finite(e.closedProbability()));
        return m;
    }

    private static Map<String, Object> prediction(Prediction p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", p.label());
        m.put("probability", finite(p.probability()));
        return m;
    }

    private static Map<String, Object> event(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.type());
        m.put("seconds", finite(e.seconds()));
        e.details().forEach((k, v) -> m.put(k, v instanceof Double || v instanceof Float ? finite(((Number) v).doubleValue()) : v));
        return m;
    }

    private static List<Integer> box(Box b) {
        return List.of(b.x(), b.y(), b.width(), b.height());
    }

    /** JSON has no NaN or infinity: an undefined figure (PERCLOS before any frame with eyes) is null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
