package dev.citra.vision.video;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One frame from a {@link FrameSource}: its BGR pixels, its position in the source, and when it
 * was grabbed. The frame owns its {@link Mat}; whoever holds the frame last closes it.
 *
 * @param bgr 8-bit, 3-channel BGR pixels, as OpenCV keeps them
 * @param index 0-based position among the frames the source produced (skipped ones included)
 * @param seconds the frame's time: the media timestamp of a file, or seconds since the start of a
 *     live source; the monitors' thresholds are measured on it, so a file replays as it was filmed
 * @param grabbedNanos {@link System#nanoTime()} when the frame left the decoder, for latency
 */
public record VideoFrame(Mat bgr, long index, double seconds, long grabbedNanos) implements AutoCloseable {
    public int width() {
        return bgr.cols();
    }

    public int height() {
        return bgr.rows();
    }

    @Override
    public void close() {
        bgr.close();
    }
}
