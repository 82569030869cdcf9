package dev.citra.vision.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.citra.vision.stats.StageTimes;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class ClassifyMonitorTest {
    @Test
    void wholeFramesAreClassifiedAndTheTopLabelChangesOnlyWhenTheSmoothedMeanDoes() {
        float[][] script = {{0.9f, 0.1f, 0}, {0.9f, 0.1f, 0}, {0.1f, 0.9f, 0}, {0.1f, 0.9f, 0}, {0.1f, 0.9f, 0}};
        int[] i = {0};
        Fakes.Classifier classifier = new Fakes.Classifier(List.of("a", "b", "c"), () -> script[i[0]]);
        List<ClassifyResult> results = new ArrayList<>();
        try (ClassifyMonitor monitor = new ClassifyMonitor(classifier, 3, 2); Mat bgr = new Mat(120, 160, opencv_core.CV_8UC3)) {
            for (; i[0] < script.length; i[0]++) {
                results.add(monitor.process(bgr, i[0], new StageTimes()));
                monitor.draw(bgr, results.get(i[0]));
            }
        }
        assertArrayEquals(new int[] {160, 120}, classifier.cropSizes.get(0));
        assertEquals(List.of("a", "a", "a", "b", "b"), results.stream().map(r -> r.top().get(0).label()).toList());
        assertEquals(2, results.get(0).top().size());
        assertEquals(List.of("label"), results.get(0).events().stream().map(Event::type).toList());
        assertEquals("b", results.get(3).events().get(0).details().get("label"));
        assertEquals(0, results.get(4).events().size());
    }
}
