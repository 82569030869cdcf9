package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.bundle.ModelBundle;
import dev.citra.infer.Classifier;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drowsiness seed (S3) in small: the real ImageNet MobileNetV2, backbone frozen, a new
 * 2-class head trained for 2 epochs on the eye-state set, well above chance on held-out eyes.
 */
class TransferLearningTest {
    @Test
    void pretrainedFrozenMobileNetV2LearnsEyeState(@TempDir Path out) throws Exception {
        String shared = System.getProperty("citra.shared");
        Path weights = shared == null ? null
                : Path.of(shared, "data", "weights", "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5");
        Path data = shared == null ? null : Path.of(shared, "data", "eyes-state.zip");
        Assumptions.assumeTrue(weights != null && Files.isRegularFile(weights) && Files.isRegularFile(data),
                "Skipped: needs <citra.shared>/data/eyes-state.zip and the MobileNetV2 weights (citra.shared=" + shared + ")");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("model", "mobilenet_v2");
        m.put("weights", weights.toString());
        m.put("freeze", "backbone");
        m.put("img_size", 96);
        m.put("normalize", "symmetric");
        m.put("epochs", 2);
        m.put("out", out.toString());
        RunResult r = new TrainingJob(ConfigIO.fromMap(m), new PrintStream(OutputStream.nullOutputStream())).run();
        double accuracy = r.metrics().get("test_accuracy");
        assertTrue(accuracy >= 0.85, "test accuracy " + accuracy + " (chance 0.5)");
        String log = Files.readString(r.runDir().resolve("log.txt"));
        assertTrue(log.contains("Backbone frozen"), log);
        // The bundle alone reproduces the network, frozen or not: it predicts without the weights file.
        try (Classifier c = Classifier.load(r.bestBundle())) {
            assertEquals(2, c.labels().size());
        }
        assertEquals(2_260_546L, ModelBundle.readMetadata(r.bestBundle()).parameters());

        // Weights of another width do not fit: strict import names what does not match, before training.
        m.put("width", 0.5);
        m.put("epochs", 1);
        dev.citra.CitraException e = org.junit.jupiter.api.Assertions.assertThrows(dev.citra.CitraException.class,
                () -> new TrainingJob(ConfigIO.fromMap(m), new PrintStream(OutputStream.nullOutputStream())).run());
        assertTrue(e.getMessage().contains("Conv1"), e.getMessage().substring(0, Math.min(400, e.getMessage().length())));
    }
}
