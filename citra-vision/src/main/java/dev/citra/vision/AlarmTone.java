package dev.citra.vision;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * The drowsiness alarm's sound: 880 Hz beeps, a quarter second on and off, while the alarm is
 * on. Machines without an audio device get no sound and no error ({@link #open()} says so).
 */
public final class AlarmTone implements AutoCloseable {
    private static final float RATE = 16_000f;
    private final SourceDataLine line;
    private final byte[] beep;
    private final byte[] pause;
    private volatile boolean on;
    private volatile boolean closed;
    private final Thread player;

    private AlarmTone(SourceDataLine line) {
        this.line = line;
        int n = (int) (RATE / 4);
        beep = new byte[n];
        for (int i = 0; i < n; i++) {
            // A short fade at both ends avoids clicks.
            double envelope = Math.min(1.0, Math.min(i, n - i) / 200.0);
            beep[i] = (byte) Math.round(90 * envelope * Math.sin(2 * Math.PI * 880 * i / RATE));
        }
        pause = new byte[n];
        player = new Thread(this::play, "citra-alarm-tone");
        player.setDaemon(true);
        player.start();
    }

    /** The tone on the default audio output, or null when the machine has none. */
    public static AlarmTone open() {
        AudioFormat format = new AudioFormat(RATE, 8, 1, true, false);
        try {
            SourceDataLine line = AudioSystem.getSourceDataLine(format);
            line.open(format, (int) RATE / 2);
            line.start();
            return new AlarmTone(line);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }

    /** Turns the beeping on or off. */
    public void set(boolean alarm) {
        on = alarm;
    }

    private void play() {
        while (!closed) {
            if (on) {
                line.write(beep, 0, beep.length);
                line.write(pause, 0, pause.length);
            } else {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        player.interrupt();
        line.stop();
        line.close();
    }
}
