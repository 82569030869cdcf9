package dev.citra.vision.monitor;

import dev.citra.vision.detect.Box;
import dev.citra.vision.detect.EyeFinder;
import dev.citra.vision.detect.FaceFinder;
import dev.citra.vision.stats.Stage;
import dev.citra.vision.stats.StageTimes;
import dev.citra.vision.video.Mats;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * S3's driver monitor: the largest face, its eyes, an eye-state classifier on each eye, and
 * {@link DrowsinessTracker} on the mean closed probability.
 */
public final class DrowsinessMonitor implements Monitor<DrowsinessResult> {
    private final FaceFinder faces;
    private final EyeFinder eyes;
    private final CropClassifier classifier;
    private final int closedIndex;
    private final double eyeMargin;
    private final DrowsinessTracker tracker;

    /**
     * @param closedIndex the classifier's class meaning closed (see {@link LabelChecks#closedIndex})
     * @param eyeMargin how much an eye box is grown on each side before cropping, as a fraction of its size
     */
    public DrowsinessMonitor(FaceFinder faces, EyeFinder eyes, CropClassifier classifier, int closedIndex,
            double eyeMargin, DrowsinessRules rules) {
        this.faces = faces;
        this.eyes = eyes;
        this.classifier = classifier;
        this.closedIndex = closedIndex;
        this.eyeMargin = eyeMargin;
        this.tracker = new DrowsinessTracker(rules);
    }

    @Override
    public DrowsinessResult process(Mat bgr, double seconds, StageTimes times) {
        Box face;
        List<Box> found;
        try (Mat grey = Mats.grey(bgr)) {
            long t0 = System.nanoTime();
            List<Box> all = faces.faces(grey);
            times.since(Stage.FACE, t0);
            face = all.isEmpty() ? null : all.get(0);
            if (face == null) {
                return result(seconds, null, List.of(), Float.NaN);
            }
            long t1 = System.nanoTime();
            found = eyes.eyes(grey, face);
            times.since(Stage.EYES, t1);
        }
        if (found.isEmpty()) {
            return result(seconds, face, List.of(), Float.NaN);
        }
        List<BufferedImage> crops = new ArrayList<>(found.size());
        for (Box eye : found) {
            Box c = eye.grow(eyeMargin, bgr.cols(), bgr.rows());
            crops.add(Mats.crop(bgr, c.x(), c.y(), c.width(), c.height()));
        }
        long t2 = System.nanoTime();
        float[][] p = classifier.probabilities(crops);
        times.since(Stage.CLASSIFY, t2);
        List<EyeReading> readings = new ArrayList<>(found.size());
        float sum = 0;
        for (int i = 0; i < found.size(); i++) {
            readings.add(new EyeReading(found.get(i), p[i][closedIndex]));
            sum += p[i][closedIndex];
        }
        return result(seconds, face, readings, sum / found.size());
    }

    private DrowsinessResult result(double seconds, Box face, List<EyeReading> readings, float closed) {
        DrowsinessTracker.Update u = tracker.update(seconds, closed);
        return new DrowsinessResult(seconds, u.state(), face, List.copyOf(readings), u.closedSeconds(), u.perclos(),
                u.blinks(), u.blinksPerMinute(), u.events());
    }

    @Override
    public void draw(Mat bgr, DrowsinessResult result) {
        Overlay.drowsiness(bgr, result);
    }
}
