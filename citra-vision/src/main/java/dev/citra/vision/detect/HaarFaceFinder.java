package dev.citra.vision.detect;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Faces by a Haar cascade. Large frames are searched at a reduced width (the cascade's cost
 * grows with the pixel count, while a face close to a webcam stays far above its 24-pixel
 * window), and the boxes are scaled back to the frame.
 */
public final class HaarFaceFinder implements FaceFinder, AutoCloseable {
    private final CascadeClassifier cascade;
    private final DetectionParams params;
    private final int detectWidth;

    /**
     * @param detectWidth search frames wider than this at this width (0: always at full size)
     */
    public HaarFaceFinder(CascadeClassifier cascade, DetectionParams params, int detectWidth) {
        this.cascade = cascade;
        this.params = params;
        this.detectWidth = detectWidth;
    }

    /** The frontal-face cascade from {@code cascades}. */
    public static HaarFaceFinder frontal(HaarCascades cascades, DetectionParams params, int detectWidth) {
        return new HaarFaceFinder(cascades.load(HaarCascades.FACE), params, detectWidth);
    }

    @Override
    public List<Box> faces(Mat grey) {
        double scale = detectWidth > 0 && grey.cols() > detectWidth ? (double) detectWidth / grey.cols() : 1.0;
        try (Mat small = new Mat(); RectVector found = new RectVector()) {
            if (scale < 1.0) {
                try (Size size = new Size(detectWidth, (int) Math.round(grey.rows() * scale))) {
                    resize(grey, small, size, 0, 0, INTER_AREA);
                }
            } else {
                grey.copyTo(small);
            }
            equalizeHist(small, small);
            int min = Math.max(1, (int) Math.round(params.minSize() * scale));
            try (Size minSize = new Size(min, min); Size maxSize = new Size()) {
                cascade.detectMultiScale(small, found, params.scaleFactor(), params.minNeighbors(), 0, minSize, maxSize);
            }
            List<Box> faces = new ArrayList<>((int) found.size());
            for (long i = 0; i < found.size(); i++) {
                Rect r = found.get(i);
                faces.add(Box.clip((int) Math.round(r.x() / scale), (int) Math.round(r.y() / scale),
                        (int) Math.round(r.width() / scale), (int) Math.round(r.height() / scale), grey.cols(), grey.rows()));
            }
            faces.sort(Comparator.comparingInt(Box::area).reversed());
            return faces;
        }
    }

    @Override
    public void close() {
        cascade.close();
    }
}
