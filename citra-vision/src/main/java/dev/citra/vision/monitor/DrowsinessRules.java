package dev.citra.vision.monitor;

import dev.citra.CitraException;

/**
 * The thresholds of the drowsiness monitor; every duration is in seconds of the video's own time,
 * so a result does not depend on how fast the frames are processed.
 *
 * @param closedProbability probability of the closed class (averaged over the eyes) from which a
 *     frame counts as eyes closed
 * @param alarmSeconds eyes closed this long without a break raises the alarm
 * @param blinkMaxSeconds a closure this short or shorter is a blink
 * @param perclosWindowSeconds the sliding window of PERCLOS and blinks per minute
 * @param faceLostSeconds a face (or its eyes) unseen this long means "no face": closure and
 *     alarm are dropped rather than guessed; a shorter gap keeps the state it had
 * @param reopenSeconds eyes must be seen open this long to end a closure, so one misread frame
 *     does not restart the alarm's clock; the closure is taken to end when they opened
 */
public record DrowsinessRules(double closedProbability, double alarmSeconds, double blinkMaxSeconds,
        double perclosWindowSeconds, double faceLostSeconds, double reopenSeconds) {
    public DrowsinessRules {
        if (!(closedProbability > 0 && closedProbability < 1)) {
            throw new CitraException("--closed-threshold " + closedProbability + " is out of range: use a probability between 0 and 1 (usual 0.5).");
        }
        if (!(alarmSeconds > 0 && alarmSeconds <= 600)) {
            throw new CitraException("--alarm-seconds " + alarmSeconds + " is out of range: use more than 0 and up to 600 seconds.");
        }
        if (!(blinkMaxSeconds > 0 && blinkMaxSeconds < alarmSeconds)) {
            throw new CitraException("--blink-max-seconds " + blinkMaxSeconds + " must be above 0 and below --alarm-seconds ("
                    + alarmSeconds + ").");
        }
        if (!(perclosWindowSeconds >= 1 && perclosWindowSeconds <= 3600)) {
            throw new CitraException("--perclos-window " + perclosWindowSeconds + " is out of range: use 1 to 3600 seconds (usual 60).");
        }
        if (!(faceLostSeconds >= 0 && faceLostSeconds <= 60)) {
            throw new CitraException("--face-lost-seconds " + faceLostSeconds + " is out of range: use 0 to 60 seconds.");
        }
        if (!(reopenSeconds >= 0 && reopenSeconds < alarmSeconds)) {
            throw new CitraException("--reopen-seconds " + reopenSeconds + " must be 0 or more and below --alarm-seconds ("
                    + alarmSeconds + ").");
        }
    }

    /**
     * Closed at P ≥ 0.5, alarm after 1.5 s, blinks up to 0.4 s, 60 s PERCLOS window, face lost
     * after 0.5 s, reopened after 0.15 s open.
     */
    public static DrowsinessRules defaults() {
        return new DrowsinessRules(0.5, 1.5, 0.4, 60, 0.5, 0.15);
    }
}
