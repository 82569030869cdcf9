package dev.citra.vision.monitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The drowsiness state machine: from "eyes closed or not" per frame to closure runs, blinks,
 * the alarm, PERCLOS and blinks per minute, all on the frames' own times.
 */
public final class DrowsinessTracker {
    /** Rounding slack for times that are sums of frame intervals. */
    private static final double EPS = 1e-9;
    /** A gap longer than this between frames is not counted as closed or open time in PERCLOS. */
    private static final double MAX_STEP = 1.0;

    private final DrowsinessRules rules;
    private DriverState state = DriverState.NO_FACE;
    private double start = Double.NaN;
    private double prevSeen = Double.NaN;
    private double closedStart = Double.NaN;
    /** When the eyes were first seen open again during a closure (NaN: not since). */
    private double openedAt = Double.NaN;
    private boolean alarm;
    private int blinks;
    private final Deque<double[]> window = new ArrayDeque<>(); // {time, dt, closed 0/1}
    private final Deque<Double> blinkTimes = new ArrayDeque<>();

    public DrowsinessTracker(DrowsinessRules rules) {
        this.rules = rules;
    }

    /** The figures after one frame. */
    public record Update(DriverState state, double closedSeconds, double perclos, int blinks, double blinksPerMinute,
            List<Event> events) {}

    /**
     * Takes one frame.
     *
     * @param closedProbability the mean probability of closed eyes, or NaN when no face or no
     *     eye was seen in this frame
     */
    public Update update(double t, float closedProbability) {
        if (Double.isNaN(start)) {
            start = t;
        }
        List<Event> events = new ArrayList<>(2);
        if (Float.isNaN(closedProbability)) {
            unseen(t, events);
        } else {
            seen(t, closedProbability >= rules.closedProbability(), closedProbability, events);
        }
        double closedFor = Double.isNaN(closedStart) ? 0 : Math.max(0, (Double.isNaN(openedAt) ? t : openedAt) - closedStart);
        return new Update(state, closedFor, perclos(), blinks, blinksPerMinute(t), List.copyOf(events));
    }

    private void unseen(double t, List<Event> events) {
        if (state == DriverState.NO_FACE || (!Double.isNaN(prevSeen) && t - prevSeen < rules.faceLostSeconds() - EPS)) {
            return; // a short gap keeps the state: Haar misses a face now and then
        }
        if (alarm) {
            events.add(Event.of("alarm_end", t, "closed_seconds", prevSeen - closedStart, "reason", "face_lost"));
            alarm = false;
        }
        closedStart = Double.NaN;
        openedAt = Double.NaN;
        state = DriverState.NO_FACE;
        events.add(Event.of("face_lost", t, "unseen_seconds", Double.isNaN(prevSeen) ? 0 : t - prevSeen));
    }

    private void seen(double t, boolean closed, float p, List<Event> events) {
        if (state == DriverState.NO_FACE) {
            events.add(Event.of("face_found", t));
        }
        double dt = Double.isNaN(prevSeen) ? 0 : Math.min(MAX_STEP, t - prevSeen);
        prevSeen = t;
        window.addLast(new double[] {t, dt, closed ? 1 : 0});
        while (!window.isEmpty() && window.peekFirst()[0] <= t - rules.perclosWindowSeconds()) {
            window.removeFirst();
        }
        if (closed) {
            openedAt = Double.NaN;
            if (Double.isNaN(closedStart)) {
                closedStart = t;
            }
            double closedFor = t - closedStart;
            if (!alarm && closedFor >= rules.alarmSeconds() - EPS) {
                alarm = true;
                events.add(Event.of("alarm_start", t, "closed_seconds", closedFor, "closed_probability", p));
            }
            state = alarm ? DriverState.ALARM : DriverState.CLOSED;
            return;
        }
        if (!Double.isNaN(closedStart)) {
            if (Double.isNaN(openedAt)) {
                openedAt = t;
            }
            if (t - openedAt < rules.reopenSeconds() - EPS) {
                return; // open for too short a time yet: maybe a misread frame; the closure goes on
            }
            double duration = openedAt - closedStart;
            if (alarm) {
                events.add(Event.of("alarm_end", t, "closed_seconds", duration, "reason", "eyes_open"));
                alarm = false;
            } else if (duration <= rules.blinkMaxSeconds() + EPS) {
                blinks++;
                blinkTimes.addLast(t);
                events.add(Event.of("blink", t, "duration_seconds", duration));
            } else {
                events.add(Event.of("closure", t, "duration_seconds", duration));
            }
            closedStart = Double.NaN;
            openedAt = Double.NaN;
        }
        state = DriverState.OPEN;
    }

    /** Share of the window's seen time with the eyes closed (0 before any). */
    private double perclos() {
        double total = 0;
        double closed = 0;
        for (double[] w : window) {
            total += w[1];
            closed += w[1] * w[2];
        }
        return total > 0 ? closed / total : 0;
    }

    private double blinksPerMinute(double t) {
        while (!blinkTimes.isEmpty() && blinkTimes.peekFirst() <= t - rules.perclosWindowSeconds()) {
            blinkTimes.removeFirst();
        }
        double span = Math.min(rules.perclosWindowSeconds(), t - start);
        return span >= 1 ? blinkTimes.size() * 60.0 / span : 0;
    }
}
