package dev.citra.vision.monitor;

import dev.citra.infer.Prediction;
import dev.citra.vision.stats.Stage;
import dev.citra.vision.stats.StageTimes;
import dev.citra.vision.video.Mats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.bytedeco.opencv.opencv_core.Mat;

/** Any classifier on whole frames, its probabilities smoothed over the last frames. */
public final class ClassifyMonitor implements Monitor<ClassifyResult> {
    private final CropClassifier classifier;
    private final Smoother smoother;
    private final int topK;

    public ClassifyMonitor(CropClassifier classifier, int smoothFrames, int topK) {
        this.classifier = classifier;
        this.smoother = new Smoother(smoothFrames);
        this.topK = Math.max(1, Math.min(topK, classifier.labels().size()));
    }

    @Override
    public ClassifyResult process(Mat bgr, double seconds, StageTimes times) {
        long t0 = System.nanoTime();
        float[] p = classifier.probabilities(List.of(Mats.toImage(bgr)))[0];
        times.since(Stage.CLASSIFY, t0);
        float[] mean = smoother.add(p);
        List<String> labels = classifier.labels();
        List<Prediction> top = IntStream.range(0, mean.length).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> -mean[c]).thenComparingInt(c -> c))
                .limit(topK).map(c -> new Prediction(labels.get(c), c, mean[c])).toList();
        List<Event> events = new ArrayList<>(1);
        if (smoother.changedTo(top.get(0).index())) {
            events.add(Event.of("label", seconds, "label", top.get(0).label(), "probability", top.get(0).probability()));
        }
        return new ClassifyResult(seconds, top, List.copyOf(events));
    }

    @Override
    public void draw(Mat bgr, ClassifyResult result) {
        Overlay.classification(bgr, result);
    }
}
