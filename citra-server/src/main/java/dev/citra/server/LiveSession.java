package dev.citra.server;

import dev.citra.vision.monitor.FrameResult;
import dev.citra.vision.monitor.Monitor;
import dev.citra.vision.stats.StageTimes;
import dev.citra.vision.video.Mats;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One live connection: its monitor (whose smoothing, alarm clock and PERCLOS follow this camera
 * alone), the limits on what it sends, and its frame rate. A frame's time is when the server
 * received it, so the alarm threshold is in real seconds whatever rate the page manages.
 */
final class LiveSession implements AutoCloseable {
    /** Frames a connection may send back to back above the rate, so a browser's timer jitter is not punished. */
    private static final double BURST = 3;
    private static final double FPS_WINDOW_SECONDS = 2;

    private final Monitor<? extends FrameResult> monitor;
    private final List<String> labels;
    private final LiveLimits limits;
    private final ImageGate gate;
    private final long start = System.nanoTime();
    private final StageTimes times = new StageTimes();
    private final Deque<Long> answered = new ArrayDeque<>();
    private double tokens = BURST;
    private long lastRefill = start;
    private long frames;
    private boolean closed;

    LiveSession(Monitor<? extends FrameResult> monitor, List<String> labels, LiveLimits limits) {
        this.monitor = monitor;
        this.labels = labels;
        this.limits = limits;
        this.gate = new ImageGate(limits.maxFramePixels());
    }

    /**
     * Runs the monitor on one encoded frame and gives the answer message.
     *
     * @throws ApiException for a frame refused (too large, too fast, not an image, damaged): the
     *     connection stays open and the next frame is taken
     */
    synchronized Map<String, Object> frame(byte[] bytes) {
        long received = System.nanoTime();
        if (closed) {
            throw ApiException.unavailable("This live connection is closing: open a new one.", 1);
        }
        if (bytes.length > limits.maxFrameBytes()) {
            throw ApiException.tooLarge(String.format(Locale.ROOT, "The frame is %,d KB, more than the %,d KB a live frame"
                    + " may be: send smaller frames (a 640x480 JPEG is about 50 KB).", bytes.length / 1024,
                    limits.maxFrameBytes() / 1024));
        }
        takeToken(received);
        FrameResult result;
        int width;
        int height;
        try (ImageGate.Decoded frame = gate.open(bytes); Mat bgr = Mats.fromImage(frame.image())) {
            width = frame.image().getWidth();
            height = frame.image().getHeight();
            result = monitor.process(bgr, (received - start) / 1e9, times);
        }
        long done = System.nanoTime();
        answered.addLast(done);
        while (answered.size() > 2 && done - answered.peekFirst() > FPS_WINDOW_SECONDS * 1e9) {
            answered.removeFirst();
        }
        double fps = answered.size() < 2 ? Double.NaN : (answered.size() - 1) / ((done - answered.peekFirst()) / 1e9);
        return LiveFrames.frame(result, labels, frames++, width, height, (done - received) / 1e6, fps);
    }

    /** A token bucket: {@code maxFps} tokens a second, at most {@link #BURST} saved up. */
    private void takeToken(long now) {
        tokens = Math.min(BURST, tokens + (now - lastRefill) / 1e9 * limits.maxFps());
        lastRefill = now;
        if (tokens < 1) {
            throw new ApiException(429, "Too Many Requests", String.format(Locale.ROOT, "Frames arrive faster than the %s"
                    + " a second this server takes from one camera: this one was skipped; wait for each answer before"
                    + " sending the next.", fmt(limits.maxFps())));
        }
        tokens -= 1;
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            monitor.close();
        }
    }
}
