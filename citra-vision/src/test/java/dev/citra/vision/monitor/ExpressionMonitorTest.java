package dev.citra.vision.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.vision.detect.Box;
import dev.citra.vision.stats.Stage;
import dev.citra.vision.stats.StageTimes;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class ExpressionMonitorTest {
    private static final List<String> LABELS = List.of("happy", "sad");

    @Test
    void eachFaceKeepsItsIdAsItMovesAndItsLabelIsSmoothedOverFrames() {
        List<List<Box>> faces = new ArrayList<>();
        List<float[]> probs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // Two faces drifting right; the first one's classifier flickers to "sad" on frame 5 only.
            faces.add(List.of(new Box(100 + 4 * i, 100, 120, 120), new Box(400 + 4 * i, 120, 90, 90)));
            probs.add(i == 5 ? new float[] {0.1f, 0.9f} : new float[] {0.8f, 0.2f});
            probs.add(new float[] {0.3f, 0.7f});
        }
        int[] frame = {0};
        int[] crop = {0};
        Fakes.Classifier classifier = new Fakes.Classifier(LABELS, () -> probs.get(crop[0]++));
        StageTimes times = new StageTimes();
        List<ExpressionResult> results = new ArrayList<>();
        try (ExpressionMonitor monitor = new ExpressionMonitor(Fakes.faces(() -> faces.get(frame[0])), classifier, 5, 4);
                Mat bgr = new Mat(480, 640, opencv_core.CV_8UC3)) {
            for (; frame[0] < faces.size(); frame[0]++) {
                results.add(monitor.process(bgr, frame[0] / 10.0, times));
                monitor.draw(bgr, results.get(results.size() - 1));
            }
        }
        for (ExpressionResult r : results) {
            assertEquals(2, r.faces().size());
            assertEquals(1, r.faces().get(0).id());
            assertEquals(2, r.faces().get(1).id());
            assertEquals("happy", r.faces().get(0).label(), "smoothing keeps the one-frame flicker out at t=" + r.seconds());
            assertEquals("sad", r.faces().get(1).label());
        }
        // Frame 5: mean of frames 1..5 for face 1 = (4×0.8 + 0.1)/5
        assertEquals((4 * 0.8f + 0.1f) / 5, results.get(5).faces().get(0).probability(), 1e-5);
        List<Event> changes = results.stream().flatMap(r -> r.events().stream()).toList();
        assertEquals(2, changes.size(), "one label event per face, at its first frame: " + changes);
        assertEquals("happy", changes.get(0).details().get("label"));
        // Crops are the faces as detected, cut from the frame.
        assertArrayEquals(new int[] {120, 120}, classifier.cropSizes.get(0));
        assertEquals(10, times.count(Stage.FACE));
        assertEquals(10, times.count(Stage.CLASSIFY));
    }

    @Test
    void aFaceGoneForHalfASecondIsDroppedAndComesBackAsANewOne() {
        List<List<Box>> faces = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            faces.add(i >= 5 && i < 12 ? List.of() : List.of(new Box(100, 100, 100, 100)));
        }
        int[] frame = {0};
        Fakes.Classifier classifier = new Fakes.Classifier(LABELS, () -> new float[] {0.6f, 0.4f});
        List<Event> events = new ArrayList<>();
        List<ExpressionResult> results = new ArrayList<>();
        try (ExpressionMonitor monitor = new ExpressionMonitor(Fakes.faces(() -> faces.get(frame[0])), classifier, 3, 4);
                Mat bgr = new Mat(480, 640, opencv_core.CV_8UC3)) {
            for (; frame[0] < faces.size(); frame[0]++) {
                ExpressionResult r = monitor.process(bgr, frame[0] / 10.0, new StageTimes());
                results.add(r);
                events.addAll(r.events());
            }
        }
        assertTrue(events.stream().anyMatch(e -> e.type().equals("face_lost") && e.details().get("face").equals(1)), "" + events);
        assertEquals(2, results.get(19).faces().get(0).id());
    }
}
