package dev.citra.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.graph.GraphFixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A classifier gives the same probabilities in every runtime; the runtime is picked and forced as documented. */
class ClassifierRuntimeTest {
    @TempDir
    Path tmp;

    @Test
    void compiledLibtorchGivesTheEagerProbabilities() {
        Path bundle = GraphFixtures.mobileNetBundle(tmp.resolve("b"));
        float[][] x = GraphFixtures.images(37, 3 * 32 * 32); // more than one batch of 32
        float[][] eager;
        try (Classifier c = Classifier.load(bundle, InferenceRuntime.EAGER)) {
            assertEquals(InferenceRuntime.EAGER, c.runtime());
            eager = c.probabilities(x);
        }
        try (Classifier c = Classifier.load(bundle, InferenceRuntime.TORCH)) {
            assertEquals(InferenceRuntime.TORCH, c.runtime());
            float[][] torch = c.probabilities(x);
            for (int i = 0; i < x.length; i++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(eager[i][k], torch[i][k], 1e-4, "image " + i + " class " + k);
                }
            }
        }
    }

    @Test
    void autoCompilesForLibtorchWhenOnnxRuntimeIsAbsentAndRefusesToForceIt() {
        Path bundle = GraphFixtures.mobileNetBundle(tmp.resolve("b"));
        // citra-core's tests do not have citra-onnx on the class path.
        try (Classifier c = Classifier.load(bundle, InferenceRuntime.AUTO)) {
            assertEquals(InferenceRuntime.TORCH, c.runtime());
        }
        CitraException e = assertThrows(CitraException.class, () -> Classifier.load(bundle, InferenceRuntime.ONNXRUNTIME));
        assertEquals("The onnxruntime runtime needs citra-onnx on the class path: add it, or use --runtime torch.",
                e.getMessage());
    }

    @Test
    void theConfiguredRuntimeComesFromTheSystemProperty() {
        String before = System.getProperty(InferenceRuntime.PROPERTY);
        try {
            System.setProperty(InferenceRuntime.PROPERTY, "eager");
            assertEquals(InferenceRuntime.EAGER, InferenceRuntime.configured());
            System.setProperty(InferenceRuntime.PROPERTY, "Torch");
            assertEquals(InferenceRuntime.TORCH, InferenceRuntime.configured());
            System.setProperty(InferenceRuntime.PROPERTY, "tensorrt");
            CitraException e = assertThrows(CitraException.class, InferenceRuntime::configured);
            assertTrue(e.getMessage().startsWith("Unknown runtime 'tensorrt': use auto, eager, torch, onnxruntime."),
                    e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(InferenceRuntime.PROPERTY);
            } else {
                System.setProperty(InferenceRuntime.PROPERTY, before);
            }
        }
    }
}
