package dev.citra.vision.detect;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Eyes inside a face, one per half of the face: the eye cascade first (it finds open eyes, with
 * glasses too in its eyeglasses variant), then the left/right-eye cascades, which also find
 * closed eyes, and last, when asked, the place an eye has in a frontal face box, so a closed eye
 * that no cascade finds is still classified.
 */
public final class HaarEyeFinder implements EyeFinder, AutoCloseable {
    /** The band of a face box that holds the eyes, as fractions of its height. */
    private static final double BAND_TOP = 0.15;
    private static final double BAND_HEIGHT = 0.45;

    private final CascadeClassifier eyes;
    private final CascadeClassifier leftEye;
    private final CascadeClassifier rightEye;
    private final DetectionParams params;
    private final boolean estimateMissing;

    /**
     * @param leftEye the person's left-eye cascade (may be null)
     * @param rightEye the person's right-eye cascade (may be null)
     * @param estimateMissing put an eye no cascade found where frontal faces have it
     */
    public HaarEyeFinder(CascadeClassifier eyes, CascadeClassifier leftEye, CascadeClassifier rightEye,
            DetectionParams params, boolean estimateMissing) {
        this.eyes = eyes;
        this.leftEye = leftEye;
        this.rightEye = rightEye;
        this.params = params;
        this.estimateMissing = estimateMissing;
    }

    /** The cascades of {@code cascades}: eyeglasses-tolerant or plain, plus the split ones when present. */
    public static HaarEyeFinder of(HaarCascades cascades, DetectionParams params, boolean glasses, boolean estimateMissing) {
        CascadeClassifier main = cascades.load(glasses ? HaarCascades.EYE_GLASSES : HaarCascades.EYE);
        CascadeClassifier left = cascades.has(HaarCascades.LEFT_EYE) ? cascades.load(HaarCascades.LEFT_EYE) : null;
        CascadeClassifier right = cascades.has(HaarCascades.RIGHT_EYE) ? cascades.load(HaarCascades.RIGHT_EYE) : null;
        return new HaarEyeFinder(main, left, right, params, estimateMissing);
    }

    @Override
    public List<Box> eyes(Mat grey, Box face) {
        int bandY = face.y() + (int) Math.round(face.height() * BAND_TOP);
        int bandH = (int) Math.round(face.height() * BAND_HEIGHT);
        int half = face.width() / 2;
        Box imageLeft = Box.clip(face.x(), bandY, half, bandH, grey.cols(), grey.rows());
        Box imageRight = Box.clip(face.x() + half, bandY, face.width() - half, bandH, grey.cols(), grey.rows());
        int min = Math.max(params.minSize(), face.width() / 8);
        int max = Math.max(min + 1, face.width() / 2);
        Box left = largest(detect(eyes, grey, imageLeft, min, max));
        Box right = largest(detect(eyes, grey, imageRight, min, max));
        // The image's left eye is the person's right one.
        if (left == null && rightEye != null) {
            left = largest(detect(rightEye, grey, imageLeft, min, max));
        }
        if (right == null && leftEye != null) {
            right = largest(detect(leftEye, grey, imageRight, min, max));
        }
        if (estimateMissing) {
            left = left != null ? left : estimated(face, 0.30, grey);
            right = right != null ? right : estimated(face, 0.70, grey);
        }
        List<Box> out = new ArrayList<>(2);
        if (left != null) {
            out.add(left);
        }
        if (right != null) {
            out.add(right);
        }
        return out;
    }

    /** Where an eye sits in a frontal Haar face box: 30% or 70% across, 40% down, 28% of its width. */
    static Box estimated(Box face, double across, Mat grey) {
        int side = (int) Math.round(face.width() * 0.28);
        int cx = face.x() + (int) Math.round(face.width() * across);
        int cy = face.y() + (int) Math.round(face.height() * 0.40);
        return Box.clip(cx - side / 2, cy - side / 2, side, side, grey.cols(), grey.rows());
    }

    private List<Box> detect(CascadeClassifier cascade, Mat grey, Box region, int min, int max) {
        List<Box> out = new ArrayList<>();
        if (region.width() < min || region.height() < min) {
            return out;
        }
        try (Rect rect = new Rect(region.x(), region.y(), region.width(), region.height());
                Mat roi = new Mat(grey, rect);
                RectVector found = new RectVector();
                Size minSize = new Size(min, min);
                Size maxSize = new Size(max, max)) {
            cascade.detectMultiScale(roi, found, params.scaleFactor(), params.minNeighbors(), 0, minSize, maxSize);
            for (long i = 0; i < found.size(); i++) {
                Rect r = found.get(i);
                out.add(new Box(region.x() + r.x(), region.y() + r.y(), r.width(), r.height()));
            }
        }
        return out;
    }

    private static Box largest(List<Box> boxes) {
        Box best = null;
        for (Box b : boxes) {
            if (best == null || b.area() > best.area()) {
                best = b;
            }
        }
        return best;
    }

    @Override
    public void close() {
        eyes.close();
        if (leftEye != null) {
            leftEye.close();
        }
        if (rightEye != null) {
            rightEye.close();
        }
    }
}
