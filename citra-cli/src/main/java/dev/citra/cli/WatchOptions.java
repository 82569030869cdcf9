package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.vision.detect.DetectionParams;
import dev.citra.vision.detect.HaarCascades;
import dev.citra.vision.video.Sources;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every {@code citra watch} monitor shares: source, outputs, pace and face detection. */
final class WatchOptions {
    private static final String THREADS = "ai.djl.pytorch.num_threads";

    @Mixin
    RuntimeFlag runtimeFlag = new RuntimeFlag();

    @Mixin
    DeviceFlag deviceFlag = new DeviceFlag();

    @Option(names = "--model", required = true, paramLabel = "BUNDLE", description = "A classifier bundle folder (with citra.json) or a run folder (uses best/).")
    Path model;

    @Option(names = "--source", defaultValue = "0", paramLabel = "SRC", description = "A webcam index (0), a video file (.mp4, .avi, ...), a folder of images (frames in name order) or a stream URL (rtsp://, http://). Default 0.")
    String source;

    @Option(names = "--save", paramLabel = "FILE", description = "Write the annotated video to FILE (.mp4, .avi, .mkv or .mov).")
    Path save;

    @Option(names = "--show", description = "Show the annotated frames in a window (needs a display); closing it stops the run.")
    boolean show;

    @Option(names = "--json", arity = "0..1", paramLabel = "FILE", fallbackValue = "-", description = "Write events as JSON lines: to standard output (--json alone) or to FILE.")
    String json;

    @Option(names = "--json-frames", description = "With --json, also one line per processed frame (state, boxes, probabilities).")
    boolean jsonFrames;

    @Option(names = "--max-frames", defaultValue = "0", paramLabel = "N", description = "Stop after N processed frames (default: no limit).")
    long maxFrames;

    @Option(names = "--fps", defaultValue = "0", paramLabel = "N", description = "Process at most N frames a second (default: as fast as possible).")
    double fps;

    @Option(names = "--vid-stride", defaultValue = "1", paramLabel = "N", description = "Process every N-th frame of the source (default 1).")
    int stride;

    @Option(names = "--realtime", description = "Play a video file at its own speed, dropping frames the model has no time for, as with a camera (cameras and streams always do).")
    boolean realtime;

    @Option(names = "--source-fps", defaultValue = "30", paramLabel = "N", description = "Frame rate of a folder of images (default 30).")
    double sourceFps;

    @Option(names = "--camera-size", defaultValue = "640x480", paramLabel = "WxH", description = "Resolution asked of a webcam (default 640x480).")
    String cameraSize;

    @Option(names = "--reconnects", defaultValue = "3", paramLabel = "N", description = "Reconnect attempts when a stream drops, before stopping (default 3).")
    int reconnects;

    @Option(names = "--cascades", paramLabel = "DIR", description = "Folder of OpenCV's Haar cascade files (default: /usr/share/opencv4/haarcascades and OpenCV's other usual folders).")
    Path cascades;

    @Option(names = "--scale-factor", defaultValue = "1.1", paramLabel = "F", description = "Face detection: image shrink between scales (default 1.1).")
    double scaleFactor;

    @Option(names = "--min-neighbors", defaultValue = "5", paramLabel = "N", description = "Face detection: neighbouring hits a face needs (default 5).")
    int minNeighbors;

    @Option(names = "--min-size", defaultValue = "30", paramLabel = "PIXELS", description = "Face detection: smallest face side in frame pixels (default 30).")
    int minSize;

    @Option(names = "--detect-width", defaultValue = "320", paramLabel = "PIXELS", description = "Search wider frames for faces at this width, boxes scaled back (default 320; 0: full size).")
    int detectWidth;

    int torchThreads = 1;
    private boolean threadsSetHere;

    /**
     * Sets the engine's thread count as the flag is read: the engine reads it once, when it starts,
     * which is before the command runs (--device starts it). A -Dai.djl.pytorch.num_threads wins.
     */
    @Option(names = "--torch-threads", defaultValue = "1", paramLabel = "N", description = "PyTorch threads per model"
            + " call (default 1: decoding, detection and encoding already run beside it, and two PyTorch threads that"
            + " wait for each other on a busy machine cost far more than they give).")
    void torchThreads(int n) {
        torchThreads = n;
        if (n >= 1 && n <= 256 && (threadsSetHere || System.getProperty(THREADS) == null)) {
            System.setProperty(THREADS, Integer.toString(n));
            threadsSetHere = true;
        }
    }

    /** Checks the options and sets what must be set before the PyTorch engine starts. */
    void validate() {
        if (torchThreads < 1 || torchThreads > 256) {
            throw new CitraException("--torch-threads " + torchThreads + " is out of range: use 1 to 256.");
        }
        if (maxFrames < 0 || fps < 0 || stride < 1 || sourceFps <= 0 || reconnects < 0 || detectWidth < 0) {
            throw new CitraException("--max-frames, --fps, --reconnects and --detect-width must not be negative; --vid-stride"
                    + " and --source-fps must be positive.");
        }
    }

    Sources.Options sourceOptions() {
        String[] wh = cameraSize.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (wh.length != 2) {
                throw new NumberFormatException();
            }
            return new Sources.Options(Integer.parseInt(wh[0].strip()), Integer.parseInt(wh[1].strip()), sourceFps,
                    reconnects, 1000);
        } catch (NumberFormatException e) {
            throw new CitraException("--camera-size " + cameraSize + " is not WIDTHxHEIGHT: write it like 640x480.");
        }
    }

    DetectionParams faceParams() {
        return new DetectionParams(scaleFactor, minNeighbors, minSize);
    }

    HaarCascades haarCascades() {
        return HaarCascades.locate(cascades);
    }
}
