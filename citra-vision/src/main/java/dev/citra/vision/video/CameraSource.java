package dev.citra.vision.video;

import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FPS;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_HEIGHT;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_WIDTH;

import dev.citra.CitraException;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;

/** A webcam by index, through OpenCV's V4L2 capture. Frame times are seconds since it opened. */
public final class CameraSource implements FrameSource {
    private final int index;
    private final VideoCapture capture;
    private final long startNanos = System.nanoTime();
    private long frames;

    /**
     * Opens camera {@code index}, asking for {@code width}×{@code height} (0: the camera's default).
     */
    public CameraSource(int index, int width, int height) {
        this.index = index;
        capture = new VideoCapture(index);
        if (!capture.isOpened()) {
            capture.close();
            throw new CitraException("Camera " + index + " cannot be opened: check that it is connected (ls /dev/video*),"
                    + " that no other program uses it and that you may read it (group video), or pass a video file"
                    + " with --source.");
        }
        if (width > 0 && height > 0) {
            capture.set(CAP_PROP_FRAME_WIDTH, width);
            capture.set(CAP_PROP_FRAME_HEIGHT, height);
        }
    }

    @Override
    public VideoFrame next() {
        Mat mat = new Mat();
        if (!capture.read(mat) || mat.empty()) {
            mat.close();
            throw new CitraException("Camera " + index + " stopped delivering frames after " + frames
                    + ": check its cable and that no other program took it.");
        }
        long now = System.nanoTime();
        return new VideoFrame(mat, frames++, (now - startNanos) / 1e9, now);
    }

    @Override
    public double fps() {
        double fps = capture.get(CAP_PROP_FPS);
        return Double.isFinite(fps) && fps > 0 && fps < 1000 ? fps : 0;
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public String describe() {
        return "camera " + index;
    }

    @Override
    public void close() {
        capture.release();
        capture.close();
    }
}
