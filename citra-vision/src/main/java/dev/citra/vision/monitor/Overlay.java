package dev.citra.vision.monitor;

import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import dev.citra.infer.Prediction;
import dev.citra.vision.detect.Box;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** Draws the monitors' results on their frames, the way the seed prototypes show them. */
final class Overlay {
    private static final Scalar GREEN = new Scalar(0, 200, 0, 0);
    private static final Scalar RED = new Scalar(0, 0, 255, 0);
    private static final Scalar YELLOW = new Scalar(0, 220, 255, 0);
    private static final Scalar WHITE = new Scalar(255, 255, 255, 0);
    private static final Scalar BLACK = new Scalar(0, 0, 0, 0);

    private Overlay() {}

    /** S3: face and eye boxes, "Open Eyes" or "Closed Eyes" in red at the top, the figures below, a red border on alarm. */
    static void drowsiness(Mat bgr, DrowsinessResult r) {
        double scale = textScale(bgr);
        if (r.face() != null) {
            box(bgr, r.face(), r.alarm() ? RED : GREEN, 2);
            for (EyeReading eye : r.eyes()) {
                box(bgr, eye.box(), eye.closedProbability() >= 0.5 ? RED : GREEN, 1);
            }
        }
        String status = switch (r.state()) {
            case NO_FACE -> "No face";
            case OPEN -> "Open Eyes";
            case CLOSED, ALARM -> "Closed Eyes";
        };
        Scalar colour = r.state() == DriverState.OPEN ? GREEN : r.state() == DriverState.NO_FACE ? YELLOW : RED;
        int line = (int) Math.round(32 * scale);
        label(bgr, status, 10, line, scale * 1.0, colour);
        label(bgr, String.format(Locale.ROOT, "closed %.1fs  PERCLOS %.0f%%  blinks %d (%.0f/min)", r.closedSeconds(),
                100 * r.perclos(), r.blinks(), r.blinksPerMinute()), 10, 2 * line, scale * 0.6, WHITE);
        if (r.alarm()) {
            int t = Math.max(4, (int) Math.round(8 * scale));
            try (Rect border = new Rect(t / 2, t / 2, bgr.cols() - t, bgr.rows() - t)) {
                rectangle(bgr, border, RED, t, LINE_AA, 0);
            }
            label(bgr, "DROWSINESS ALARM", 10, bgr.rows() - line / 2, scale * 1.0, RED);
        }
    }

    /** S2: a box and "label 87%" above each face. */
    static void expressions(Mat bgr, ExpressionResult r) {
        double scale = textScale(bgr);
        for (FaceLabel f : r.faces()) {
            box(bgr, f.box(), GREEN, 2);
            label(bgr, String.format(Locale.ROOT, "%s %.0f%%", f.label(), 100 * f.probability()), f.box().x(),
                    Math.max((int) Math.round(20 * scale), f.box().y() - 6), scale * 0.7, GREEN);
        }
    }

    /** The top classes of a whole frame, one a line, at the top left. */
    static void classification(Mat bgr, ClassifyResult r) {
        double scale = textScale(bgr);
        int line = (int) Math.round(28 * scale);
        for (int i = 0; i < r.top().size(); i++) {
            Prediction p = r.top().get(i);
            label(bgr, String.format(Locale.ROOT, "%s %.0f%%", p.label(), 100 * p.probability()), 10, line * (i + 1),
                    scale * (i == 0 ? 0.9 : 0.6), i == 0 ? GREEN : WHITE);
        }
    }

    /** Text sized for a 640-pixel-wide frame, scaled with the frame. */
    private static double textScale(Mat bgr) {
        return Math.max(0.4, bgr.cols() / 640.0);
    }

    private static void box(Mat bgr, Box b, Scalar colour, int thickness) {
        try (Rect rect = new Rect(b.x(), b.y(), b.width(), b.height())) {
            rectangle(bgr, rect, colour, thickness, LINE_AA, 0);
        }
    }

    /** Text with a dark band behind it, readable on any background. */
    private static void label(Mat bgr, String text, int x, int y, double fontScale, Scalar colour) {
        int thickness = Math.max(1, (int) Math.round(fontScale * 2));
        int[] baseline = new int[1];
        try (Size size = getTextSize(text, FONT_HERSHEY_SIMPLEX, fontScale, thickness, baseline);
                Rect band = new Rect(Math.max(0, x - 3), Math.max(0, y - size.height() - 4), size.width() + 6,
                        size.height() + baseline[0] + 6);
                Point origin = new Point(x, y)) {
            Rect clipped = band.x() + band.width() > bgr.cols() || band.y() + band.height() > bgr.rows() ? null : band;
            if (clipped != null) {
                rectangle(bgr, clipped, BLACK, -1, LINE_AA, 0);
            }
            putText(bgr, text, origin, FONT_HERSHEY_SIMPLEX, fontScale, colour, thickness, LINE_AA, false);
        }
    }
}
