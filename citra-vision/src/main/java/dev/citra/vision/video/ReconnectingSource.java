package dev.citra.vision.video;

import dev.citra.CitraException;
import java.util.function.Supplier;

/**
 * A live stream that is reopened when it drops, a few times with a growing pause, and then
 * stops with a clear message rather than waiting for ever.
 */
public final class ReconnectingSource implements FrameSource {
    private final Supplier<FrameSource> opener;
    private final String name;
    private final int attempts;
    private final long firstPauseMillis;
    private FrameSource current;
    private long offsetIndex;
    private double offsetSeconds;
    private long reconnects;
    private long lastIndex = -1;
    private double lastSeconds;
    private boolean gaveUp;

    /**
     * @param opener opens the stream; throws {@link CitraException} when it cannot
     * @param attempts reconnects tried after each drop before giving up
     * @param firstPauseMillis the pause before the first reconnect, doubled after each failure
     */
    public ReconnectingSource(Supplier<FrameSource> opener, String name, int attempts, long firstPauseMillis) {
        this.opener = opener;
        this.name = name;
        this.attempts = attempts;
        this.firstPauseMillis = firstPauseMillis;
        this.current = opener.get();
    }

    /** How many times the stream was reopened. */
    public long reconnects() {
        return reconnects;
    }

    @Override
    public VideoFrame next() {
        while (!gaveUp) {
            VideoFrame frame;
            String why;
            try {
                frame = current.next();
                if (frame == null) {
                    why = "the stream ended";
                } else {
                    // Frame numbers and times continue across reconnects, so thresholds stay in order.
                    VideoFrame shifted = new VideoFrame(frame.bgr(), offsetIndex + frame.index(),
                            offsetSeconds + frame.seconds(), frame.grabbedNanos());
                    lastIndex = shifted.index();
                    lastSeconds = shifted.seconds();
                    return shifted;
                }
            } catch (StreamDroppedException e) {
                why = e.getMessage();
            }
            reconnect(why);
        }
        return null;
    }

    private void reconnect(String why) {
        current.close();
        long pause = firstPauseMillis;
        String last = why;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CitraException("Stopped while reconnecting to " + name + ".");
            }
            try {
                current = opener.get();
                reconnects++;
                offsetIndex = lastIndex + 1;
                offsetSeconds = lastSeconds + 1.0 / Math.max(1.0, current.fps() > 0 ? current.fps() : 30);
                return;
            } catch (CitraException e) {
                last = e.getMessage();
            }
            pause *= 2;
        }
        gaveUp = true;
        throw new CitraException("Stream " + name + " dropped (" + why + ") and " + attempts
                + " reconnect attempts failed (last: " + last + "): check the network and the camera or server.");
    }

    @Override
    public double fps() {
        return current.fps();
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public String describe() {
        return current.describe();
    }

    @Override
    public void close() {
        if (!gaveUp) {
            current.close();
        }
    }
}
