package dev.citra.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.citra.graph.GraphFixtures;
import dev.citra.infer.Classifier;
import dev.citra.infer.InferenceRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With citra-onnx on the class path, a classifier runs in ONNX Runtime by default and gives the eager probabilities. */
class OrtClassifierTest {
    @TempDir
    Path tmp;

    @Test
    void autoPicksOnnxRuntimeAndMatchesTheEagerNetwork() {
        Path bundle = GraphFixtures.mobileNetBundle(tmp.resolve("b"));
        float[][] x = GraphFixtures.images(37, 3 * 32 * 32);
        float[][] eager;
        try (Classifier c = Classifier.load(bundle, InferenceRuntime.EAGER)) {
            eager = c.probabilities(x);
        }
        try (Classifier c = Classifier.load(bundle, InferenceRuntime.AUTO)) {
            assertEquals(InferenceRuntime.ONNXRUNTIME, c.runtime());
            float[][] ort = c.probabilities(x);
            for (int i = 0; i < x.length; i++) {
                for (int k = 0; k < eager[i].length; k++) {
                    assertEquals(eager[i][k], ort[i][k], 1e-4, "image " + i + " class " + k);
                }
            }
        }
    }
}
