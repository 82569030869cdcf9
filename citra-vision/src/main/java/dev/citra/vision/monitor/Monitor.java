package dev.citra.vision.monitor;

import dev.citra.vision.stats.StageTimes;
import dev.citra.vision.video.Mats;
import java.awt.image.BufferedImage;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Watches a stream of frames, in time order, and says what each shows. Not thread-safe: one
 * monitor per stream. Where frames come from is none of its business, so a web page's camera
 * frames go through the same monitor as a video file's.
 *
 * @param <R> what it reports per frame
 */
public interface Monitor<R extends FrameResult> extends AutoCloseable {
    /** Analyses a BGR frame taken at {@code seconds}, timing its stages into {@code times}. */
    R process(Mat bgr, double seconds, StageTimes times);

    /** Analyses an image taken at {@code seconds}. */
    default R process(BufferedImage image, double seconds) {
        try (Mat bgr = Mats.fromImage(image)) {
            return process(bgr, seconds, new StageTimes());
        }
    }

    /** Draws {@code result} onto the frame it came from. */
    void draw(Mat bgr, R result);

    @Override
    default void close() {}
}
