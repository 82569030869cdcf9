package dev.citra.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.model.weights.ImageNetLabels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry architecture plus a weight file, as a Java caller builds it without a bundle. */
class PretrainedClassifierTest {
    private static final String WEIGHTS = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5";

    @Test
    void tellsArchitectureNamesFromPaths() {
        assertTrue(PretrainedClassifier.isArchitecture("mobilenet_v2"));
        assertTrue(PretrainedClassifier.isArchitecture("MobileNet_V2"));
        assertFalse(PretrainedClassifier.isArchitecture("runs/classify/exp"));
        assertFalse(PretrainedClassifier.isArchitecture("no-such-net"));
    }

    @Test
    void aMissingOrForeignWeightFileIsOneSentence(@TempDir Path dir) throws Exception {
        CitraException missing = assertThrows(CitraException.class,
                () -> PretrainedClassifier.load("simple-cnn", dir.resolve("w.h5"), List.of("a", "b"), true));
        assertTrue(missing.getMessage().startsWith("Weights file " + dir.resolve("w.h5") + " does not exist"),
                missing.getMessage());
        Path text = Files.writeString(dir.resolve("w.h5"), "hello, not weights");
        CitraException foreign = assertThrows(CitraException.class,
                () -> PretrainedClassifier.load("simple-cnn", text, List.of("a", "b"), true));
        assertTrue(foreign.getMessage().contains(text.toString()), foreign.getMessage());
        CitraException unknown = assertThrows(CitraException.class,
                () -> PretrainedClassifier.load("no-such-net", text, null, true));
        assertTrue(unknown.getMessage().contains("no-such-net"), unknown.getMessage());
    }

    /** The Keras Applications MobileNetV2 labels a folder of ImageNet samples as Keras does. */
    @Test
    void imageNetWeightsLabelAFolder() {
        String shared = System.getProperty("citra.shared");
        Path dir = shared == null ? null : Path.of(shared, "data", "weights");
        Assumptions.assumeTrue(dir != null && Files.isRegularFile(dir.resolve(WEIGHTS)),
                "Skipped: the real MobileNetV2 weights are not at <citra.shared>/data/weights/");
        List<String> labels = ImageNetLabels.read(dir.resolve("samples/imagenet_labels.txt"));
        PretrainedClassifier loaded = PretrainedClassifier.load("mobilenet_v2", dir.resolve(WEIGHTS), labels, true);
        try (Classifier c = loaded.classifier()) {
            assertTrue(loaded.report().complete(), loaded.report().summary());
            assertEquals(224, c.input().size());
            List<ImagePrediction> rows = FolderPredictor.predict(c, List.of(dir.resolve("samples/parrot.jpg"),
                    dir.resolve("samples/cat.bmp")), 1);
            assertEquals("macaw", rows.get(0).predictions().get(0).label());
            assertEquals(0.925, rows.get(0).predictions().get(0).probability(), 0.01);
            assertEquals("Egyptian cat", rows.get(1).predictions().get(0).label());
        }
    }
}
