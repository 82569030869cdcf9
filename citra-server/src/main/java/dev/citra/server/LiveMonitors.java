package dev.citra.server;

import dev.citra.CitraException;
import dev.citra.vision.detect.DetectionParams;
import dev.citra.vision.detect.HaarCascades;
import dev.citra.vision.detect.HaarEyeFinder;
import dev.citra.vision.detect.HaarFaceFinder;
import dev.citra.vision.monitor.ClassifyMonitor;
import dev.citra.vision.monitor.CropClassifier;
import dev.citra.vision.monitor.DrowsinessMonitor;
import dev.citra.vision.monitor.DrowsinessRules;
import dev.citra.vision.monitor.ExpressionMonitor;
import dev.citra.vision.monitor.FrameResult;
import dev.citra.vision.monitor.LabelChecks;
import dev.citra.vision.monitor.Monitor;
import dev.citra.vision.stats.StageTimes;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Builds one connection's monitor with {@code citra watch}'s defaults (faces at 1.1 / 5 neighbours /
 * 30 px searched at 320 px wide, 5 frames of smoothing, eyes grown by 15%). Each connection gets its
 * own cascades, since OpenCV's classifiers are not meant to be shared between threads, and its own
 * monitor state: smoothing, alarm timers and PERCLOS belong to one camera.
 */
final class LiveMonitors {
    private static final int DETECT_WIDTH = 320;
    private static final int SMOOTH_FRAMES = 5;
    private static final int MAX_FACES = 10;
    private static final int TOP_K = 3;
    private static final double EYE_MARGIN = 0.15;

    /**
     * What a connection may choose besides the mode.
     *
     * @param alarmSeconds eyes closed this long raise the drowsiness alarm
     * @param closedLabel the class meaning closed eyes, or null to recognise it by name
     */
    record Options(double alarmSeconds, String closedLabel) {
        static final Options DEFAULT = new Options(DrowsinessRules.defaults().alarmSeconds(), null);

        DrowsinessRules rules() {
            DrowsinessRules d = DrowsinessRules.defaults();
            return new DrowsinessRules(d.closedProbability(), alarmSeconds, Math.min(d.blinkMaxSeconds(), alarmSeconds / 2),
                    d.perclosWindowSeconds(), d.faceLostSeconds(), Math.min(d.reopenSeconds(), alarmSeconds / 2));
        }
    }

    private LiveMonitors() {}

    /**
     * A monitor for {@code mode} over {@code classifier}, owning the detectors it loads.
     *
     * @param cascades the Haar cascades, or null when none were found ({@code missing} says why)
     * @throws CitraException when the model does not fit the mode or the cascades are missing
     */
    static Monitor<? extends FrameResult> open(LiveMode mode, String model, CropClassifier classifier, HaarCascades cascades,
            String missing, Options options) {
        if (mode.needsCascades() && cascades == null) {
            throw new CitraException("Live " + mode.id() + " finds faces with OpenCV's Haar cascades, and this server has"
                    + " none: " + missing + " Restart citra serve after that; mode=classify works without them.");
        }
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            switch (mode) {
                case EXPRESSION: {
                    LabelChecks.checkExpressions(model, classifier.labels());
                    HaarFaceFinder faces = own(owned, HaarFaceFinder.frontal(cascades, DetectionParams.faces(), DETECT_WIDTH));
                    return new Owning<>(new ExpressionMonitor(faces, classifier, SMOOTH_FRAMES, MAX_FACES), owned);
                }
                case DROWSINESS: {
                    int closed = LabelChecks.closedIndex(model, classifier.labels(), options.closedLabel());
                    DrowsinessRules rules = options.rules();
                    HaarFaceFinder faces = own(owned, HaarFaceFinder.frontal(cascades, DetectionParams.faces(), DETECT_WIDTH));
                    HaarEyeFinder eyes = own(owned, HaarEyeFinder.of(cascades, DetectionParams.eyes(), false, true));
                    return new Owning<>(new DrowsinessMonitor(faces, eyes, classifier, closed, EYE_MARGIN, rules), owned);
                }
                default:
                    return new Owning<>(new ClassifyMonitor(classifier, SMOOTH_FRAMES, TOP_K), owned);
            }
        } catch (RuntimeException e) {
            Owning.closeAll(owned);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T own(List<AutoCloseable> owned, T resource) {
        owned.add(resource);
        return resource;
    }

    /** A monitor that frees its detectors when it is closed. */
    private static final class Owning<R extends FrameResult> implements Monitor<R> {
        private final Monitor<R> monitor;
        private final List<AutoCloseable> owned;

        Owning(Monitor<R> monitor, List<AutoCloseable> owned) {
            this.monitor = monitor;
            this.owned = owned;
        }

        @Override
        public R process(Mat bgr, double seconds, StageTimes times) {
            return monitor.process(bgr, seconds, times);
        }

        @Override
        public void draw(Mat bgr, R result) {
            monitor.draw(bgr, result);
        }

        @Override
        public void close() {
            monitor.close();
            closeAll(owned);
        }

        static void closeAll(List<AutoCloseable> owned) {
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Could not free a detector: " + e.getMessage(), e);
                }
            }
        }
    }
}
