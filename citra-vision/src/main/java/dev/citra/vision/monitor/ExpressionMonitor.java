package dev.citra.vision.monitor;

import dev.citra.vision.detect.Box;
import dev.citra.vision.detect.FaceFinder;
import dev.citra.vision.stats.Stage;
import dev.citra.vision.stats.StageTimes;
import dev.citra.vision.video.Mats;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * S2's expression monitor: every face found, cropped as detected and classified as the bundle
 * pre-processes (FER models: grey 48×48 in [−1, 1]), its label smoothed over the last frames.
 */
public final class ExpressionMonitor implements Monitor<ExpressionResult> {
    private final FaceFinder faces;
    private final CropClassifier classifier;
    private final FaceTracks tracks;
    private final int maxFaces;

    /**
     * @param smoothFrames how many frames a face's probabilities are averaged over
     * @param maxFaces the largest faces classified per frame (the others are ignored)
     */
    public ExpressionMonitor(FaceFinder faces, CropClassifier classifier, int smoothFrames, int maxFaces) {
        this.faces = faces;
        this.classifier = classifier;
        this.maxFaces = maxFaces;
        this.tracks = new FaceTracks(classifier.labels(), smoothFrames, 0.5);
    }

    @Override
    public ExpressionResult process(Mat bgr, double seconds, StageTimes times) {
        List<Box> found;
        try (Mat grey = Mats.grey(bgr)) {
            long t0 = System.nanoTime();
            found = faces.faces(grey);
            times.since(Stage.FACE, t0);
        }
        if (found.size() > maxFaces) {
            found = found.subList(0, maxFaces);
        }
        List<BufferedImage> crops = new ArrayList<>(found.size());
        for (Box b : found) {
            crops.add(Mats.crop(bgr, b.x(), b.y(), b.width(), b.height()));
        }
        float[][] p = new float[0][];
        if (!crops.isEmpty()) {
            long t1 = System.nanoTime();
            p = classifier.probabilities(crops);
            times.since(Stage.CLASSIFY, t1);
        }
        List<Event> events = new ArrayList<>();
        List<FaceLabel> labelled = tracks.update(seconds, found, p, events);
        return new ExpressionResult(seconds, labelled, List.copyOf(events));
    }

    @Override
    public void draw(Mat bgr, ExpressionResult result) {
        Overlay.expressions(bgr, result);
    }
}
