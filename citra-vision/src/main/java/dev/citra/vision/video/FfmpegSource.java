package dev.citra.vision.video;

import dev.citra.CitraException;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A video file or network stream decoded by FFmpeg (through JavaCV): mp4, avi, mkv, webm, RTSP,
 * HTTP(S) and whatever else FFmpeg reads. Network reads time out rather than hang.
 */
public final class FfmpegSource implements FrameSource {
    /** How long a network read may block before the stream counts as dropped. */
    private static final long NETWORK_TIMEOUT_MICROS = 5_000_000;

    static {
        // FFmpeg's own log goes to stderr unless told otherwise; errors still reach us as exceptions.
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    private final String target;
    private final boolean stream;
    private final FFmpegFrameGrabber grabber;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private long index;
    private long firstMicros = Long.MIN_VALUE;

    /** Opens a video file. */
    public static FfmpegSource file(java.nio.file.Path file) {
        return new FfmpegSource(file.toString(), false);
    }

    /** Opens a network stream (rtsp://, http://, ...). */
    public static FfmpegSource stream(String url) {
        return new FfmpegSource(url, true);
    }

    private FfmpegSource(String target, boolean stream) {
        this.target = target;
        this.stream = stream;
        grabber = new FFmpegFrameGrabber(target);
        if (stream) {
            grabber.setOption("rw_timeout", Long.toString(NETWORK_TIMEOUT_MICROS));
            grabber.setOption("timeout", Long.toString(NETWORK_TIMEOUT_MICROS));
            if (target.startsWith("rtsp")) {
                grabber.setOption("rtsp_transport", "tcp");
            }
        }
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            release();
            throw new CitraException(stream
                    ? "Stream " + target + " cannot be opened (" + reason(e) + "): check the URL and that the camera or server is up."
                    : "Video file " + target + " cannot be read (" + reason(e) + "): pass a video file such as .mp4 or .avi.");
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            release();
            throw new CitraException((stream ? "Stream " : "File ") + target
                    + " has no video track: pass a video file or stream with pictures.");
        }
    }

    private static String reason(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
    }

    @Override
    public VideoFrame next() {
        Frame frame;
        try {
            frame = grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            if (stream) {
                throw new StreamDroppedException(target + ": " + reason(e));
            }
            throw new CitraException("Video file " + target + " is damaged after frame " + index + " (" + reason(e)
                    + "): re-encode it or pass another file.");
        }
        if (frame == null || frame.image == null) {
            if (stream) {
                throw new StreamDroppedException(target + ": the stream ended");
            }
            return null;
        }
        long micros = grabber.getTimestamp();
        if (firstMicros == Long.MIN_VALUE) {
            firstMicros = micros;
        }
        // The grabber reuses its buffers: the frame gets a copy of its own.
        Mat view = converter.convert(frame);
        Mat copy = view.clone();
        return new VideoFrame(copy, index++, (micros - firstMicros) / 1e6, System.nanoTime());
    }

    @Override
    public double fps() {
        double fps = grabber.getFrameRate();
        return Double.isFinite(fps) && fps > 0 && fps < 1000 ? fps : 0;
    }

    @Override
    public boolean live() {
        return stream;
    }

    @Override
    public String describe() {
        return (stream ? "stream " : "video ") + target;
    }

    @Override
    public void close() {
        release();
    }

    private void release() {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // closing a half-opened grabber may fail; there is nothing left to free then
        }
        converter.close();
    }
}
