package dev.citra.vision.monitor;

import java.util.Map;

/**
 * Something a monitor noticed: an alarm starting or ending, a blink, a face lost, a label change.
 *
 * @param type what happened, snake_case ("alarm_start", "blink", "expression", ...)
 * @param seconds the time of the frame that showed it
 * @param details the figures that go with it (insertion-ordered, JSON-ready)
 */
public record Event(String type, double seconds, Map<String, Object> details) {
    public Event {
        details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    /** An event with details given as alternating keys and values. */
    public static Event of(String type, double seconds, Object... keyValues) {
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            details.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Event(type, seconds, details);
    }
}
