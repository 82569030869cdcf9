package dev.citra.vision.video;

import dev.citra.CitraException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Opens what a user passes as {@code --source}: a camera index, a stream URL, a folder or a video file. */
public final class Sources {
    private static final Pattern CAMERA = Pattern.compile("\\d{1,3}");
    private static final Pattern URL = Pattern.compile("(?i)(rtsp|rtsps|rtmp|http|https|udp|tcp|srt)://.+");

    private Sources() {}

    /**
     * What to open and how.
     *
     * @param cameraWidth requested camera width (0: the camera's own)
     * @param cameraHeight requested camera height (0: the camera's own)
     * @param folderFps the frame rate a folder of images is taken to have
     * @param reconnects reconnect attempts when a stream drops
     * @param reconnectPauseMillis the pause before the first reconnect, doubled each time
     */
    public record Options(int cameraWidth, int cameraHeight, double folderFps, int reconnects, long reconnectPauseMillis) {
        /** 640×480 cameras, 30 FPS folders, 3 reconnects starting after 1 s. */
        public static Options defaults() {
            return new Options(640, 480, 30, 3, 1000);
        }
    }

    /** Opens {@code spec}; a message names what was wrong when it cannot. */
    public static FrameSource open(String spec, Options options) {
        if (spec == null || spec.isBlank()) {
            throw new CitraException("--source is empty: pass a camera index (0), a video file, a folder of images or a stream URL.");
        }
        if (CAMERA.matcher(spec).matches()) {
            return new CameraSource(Integer.parseInt(spec), options.cameraWidth(), options.cameraHeight());
        }
        if (URL.matcher(spec).matches()) {
            return new ReconnectingSource(() -> FfmpegSource.stream(spec), spec, options.reconnects(),
                    options.reconnectPauseMillis());
        }
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) {
            return new ImageSequenceSource(path, options.folderFps());
        }
        if (Files.isRegularFile(path)) {
            return FfmpegSource.file(path);
        }
        throw new CitraException("Source " + spec + " does not exist: pass a camera index (0), a video file (.mp4, .avi),"
                + " a folder of images or a stream URL (rtsp://, http://).");
    }
}
