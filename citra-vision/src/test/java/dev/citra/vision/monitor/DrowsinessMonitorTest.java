package dev.citra.vision.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.vision.detect.Box;
import dev.citra.vision.stats.StageTimes;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** The drowsiness state machine, driven at 10 frames a second by a scripted face and eye state. */
class DrowsinessMonitorTest {
    private static final double FPS = 10;
    private static final Box FACE = new Box(200, 100, 200, 200);

    /** One frame of the script: is there a face, and the closed probability of its eyes. */
    private record Step(boolean face, float closed) {}

    private final List<Step> script = new ArrayList<>();
    private int at;

    private void add(double seconds, boolean face, float closed) {
        for (int i = 0; i < Math.round(seconds * FPS); i++) {
            script.add(new Step(face, closed));
        }
    }

    /** Runs the script and returns each frame's result. */
    private List<DrowsinessResult> run(DrowsinessRules rules) {
        Fakes.Classifier classifier = new Fakes.Classifier(List.of("Closed", "Open"),
                () -> new float[] {script.get(at).closed(), 1 - script.get(at).closed()});
        List<DrowsinessResult> out = new ArrayList<>();
        try (DrowsinessMonitor monitor = new DrowsinessMonitor(Fakes.faces(() -> script.get(at).face() ? List.of(FACE) : List.of()),
                Fakes.twoEyes(), classifier, 0, 0.1, rules);
                Mat frame = new Mat(480, 640, opencv_core.CV_8UC3)) {
            for (at = 0; at < script.size(); at++) {
                out.add(monitor.process(frame, at / FPS, new StageTimes()));
            }
        }
        return out;
    }

    private static List<Event> events(List<DrowsinessResult> results, String type) {
        return results.stream().flatMap(r -> r.events().stream()).filter(e -> e.type().equals(type)).toList();
    }

    @Test
    void eyesClosedLongerThanTheThresholdRaiseTheAlarmThenAndNotBefore() {
        add(2, true, 0.1f);
        add(3, true, 0.9f); // closed from t = 2.0
        add(2, true, 0.1f);
        List<DrowsinessResult> r = run(DrowsinessRules.defaults()); // alarm after 1.5 s
        List<Event> starts = events(r, "alarm_start");
        assertEquals(1, starts.size());
        assertEquals(3.5, starts.get(0).seconds(), 1e-9);
        for (DrowsinessResult x : r) {
            // It ends once the eyes have been open for 0.15 s: at the third open frame (5.2 s).
            assertEquals(x.seconds() >= 3.5 - 1e-9 && x.seconds() < 5.2 - 1e-9, x.alarm(), "alarm at t=" + x.seconds());
        }
        assertEquals(DriverState.CLOSED, r.get(30).state());
        assertEquals(1.0, r.get(30).closedSeconds(), 1e-9);
        List<Event> ends = events(r, "alarm_end");
        assertEquals(1, ends.size());
        assertEquals(5.2, ends.get(0).seconds(), 1e-9);
        assertEquals(3.0, (double) ends.get(0).details().get("closed_seconds"), 1e-9);
        assertEquals(0, r.get(r.size() - 1).blinks(), "a long closure is not a blink");
        assertEquals(2, r.get(0).eyes().size());
    }

    @Test
    void shortClosuresAreBlinksCountedPerMinuteAndLongerOnesAreClosuresWithoutAlarm() {
        for (int i = 0; i < 6; i++) {
            add(4.8, true, 0.1f);
            add(0.2, true, 0.95f); // a blink every 5 s: 12 a minute
        }
        add(1.0, true, 0.2f);
        add(1.0, true, 0.8f); // a 1 s closure: below the alarm
        add(1.0, true, 0.2f);
        List<DrowsinessResult> r = run(DrowsinessRules.defaults());
        assertEquals(6, events(r, "blink").size());
        assertEquals(1, events(r, "closure").size());
        assertTrue(events(r, "alarm_start").isEmpty());
        DrowsinessResult last = r.get(r.size() - 1);
        assertEquals(6, last.blinks());
        assertEquals(6 * 60.0 / (last.seconds() - 0), last.blinksPerMinute(), 1e-6);
        // PERCLOS: 22 closed frames of 0.1 s in the 32.9 s seen so far
        assertEquals(2.2 / 32.9, last.perclos(), 1e-6);
    }

    @Test
    void aFrameMisreadAsOpenDoesNotRestartTheAlarmClockButOpeningForLongerDoes() {
        add(1, true, 0.1f);
        add(0.8, true, 0.9f); // closed from 1.0
        add(0.1, true, 0.2f); // one misread frame at 1.8
        add(0.8, true, 0.9f); // closed again: 1.0 + 1.5 = 2.5 s still raises the alarm
        add(1, true, 0.1f);
        add(0.5, true, 0.9f); // closed from 3.7, open again at 4.2 for good: a 0.5 s closure
        add(1, true, 0.1f);
        List<DrowsinessResult> r = run(DrowsinessRules.defaults());
        assertEquals(List.of(2.5), events(r, "alarm_start").stream().map(Event::seconds).map(t -> Math.round(t * 10) / 10.0).toList());
        assertTrue(events(r, "blink").isEmpty());
        Event closure = events(r, "closure").get(0);
        assertEquals(0.5, (double) closure.details().get("duration_seconds"), 1e-9);
        assertEquals(4.4, closure.seconds(), 1e-9, "known once open for 0.15 s");
    }

    @Test
    void aLostFaceIsNoFaceNotClosedEyesAndEndsAClosureWithoutAlarm() {
        add(1, true, 0.1f);
        add(1, true, 0.9f); // closed 1 s
        add(3, false, 0f); // face gone for 3 s: would have been an alarm had it counted as closed
        add(1, true, 0.9f); // back, closed again: a new closure starts
        add(1, true, 0.1f);
        List<DrowsinessResult> r = run(DrowsinessRules.defaults());
        assertTrue(events(r, "alarm_start").isEmpty(), "false alarm: " + events(r, "alarm_start"));
        assertEquals(1, events(r, "face_lost").size());
        assertEquals(2.4, events(r, "face_lost").get(0).seconds(), 1e-9, "lost 0.5 s after last seen at 1.9");
        assertEquals(DriverState.NO_FACE, r.get(40).state());
        assertNull(r.get(40).face());
        assertEquals(0, r.get(40).closedSeconds());
        assertEquals(2, events(r, "face_found").size(), "at the start and on return");
    }

    @Test
    void aFaceMissedForAFrameOrTwoDoesNotBreakAClosure() {
        add(1, true, 0.1f);
        add(1, true, 0.9f);
        add(0.2, false, 0f); // Haar misses two frames
        add(1, true, 0.9f);
        List<DrowsinessResult> r = run(DrowsinessRules.defaults());
        List<Event> starts = events(r, "alarm_start");
        assertEquals(1, starts.size());
        assertEquals(2.5, starts.get(0).seconds(), 1e-9);
        assertTrue(events(r, "face_lost").isEmpty());
    }

    @Test
    void anAlarmEndsWhenTheFaceIsLost() {
        add(2.5, true, 0.9f);
        add(1, false, 0f);
        List<DrowsinessResult> r = run(new DrowsinessRules(0.5, 2.0, 0.3, 60, 0.3, 0.15));
        assertEquals(2.0, events(r, "alarm_start").get(0).seconds(), 1e-9);
        Event end = events(r, "alarm_end").get(0);
        assertEquals("face_lost", end.details().get("reason"));
        assertFalse(r.get(r.size() - 1).alarm());
    }

    @Test
    void theClosedThresholdDecides() {
        add(3, true, 0.6f);
        assertTrue(events(run(new DrowsinessRules(0.5, 1.5, 0.4, 60, 0.5, 0.15)), "alarm_start").size() == 1);
        at = 0;
        assertTrue(events(run(new DrowsinessRules(0.7, 1.5, 0.4, 60, 0.5, 0.15)), "alarm_start").isEmpty());
    }

    @Test
    void rulesOutOfRangeAreRefusedByName() {
        CitraException e = assertThrows(CitraException.class, () -> new DrowsinessRules(0.5, 1.0, 2.0, 60, 0.5, 0.15));
        assertTrue(e.getMessage().contains("--blink-max-seconds"), e.getMessage());
        assertThrows(CitraException.class, () -> new DrowsinessRules(1.5, 1.0, 0.2, 60, 0.5, 0.15));
    }
}
