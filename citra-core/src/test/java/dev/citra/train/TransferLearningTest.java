package dev.citra.train;

import dev.citra.classify.TrainingJob;
import dev.citra.classify.RunResult;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.bundle.ModelBundle;
import dev.citra.eval.EpochRecord;
import dev.citra.infer.Classifier;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drowsiness seed (S3) in small: the real ImageNet MobileNetV2, backbone frozen, a new
 * 2-class head trained for 2 epochs on the eye-state set, well above chance on held-out eyes.
 */
class TransferLearningTest {
    /** The eye-state set and the real weights, or the test is skipped. */
    private static Path[] realDataAndWeights() {
        String shared = System.getProperty("citra.shared");
        Path weights = shared == null ? null
                : Path.of(shared, "data", "weights", "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224.h5");
        Path data = shared == null ? null : Path.of(shared, "data", "eyes-state.zip");
        Assumptions.assumeTrue(weights != null && Files.isRegularFile(weights) && Files.isRegularFile(data),
                "Skipped: needs <citra.shared>/data/eyes-state.zip and the MobileNetV2 weights (citra.shared=" + shared + ")");
        return new Path[] {data, weights};
    }

    @Test
    void pretrainedFrozenMobileNetV2LearnsEyeState(@TempDir Path out) throws Exception {
        Path[] real = realDataAndWeights();
        Path data = real[0];
        Path weights = real[1];
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

    /**
     * Fine-tuning the real MobileNetV2 with its BatchNorm layers in inference mode (the default for
     * pretrained weights) keeps what the frozen stage reached on validation, and the network scores
     * its training images in inference mode about as well as training mode does.
     */
    @Test
    void fineTunedMobileNetV2AgreesWithItselfInInferenceMode(@TempDir Path out) throws Exception {
        Path[] real = realDataAndWeights();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", real[0].toString());
        m.put("model", "mobilenet_v2");
        m.put("weights", real[1].toString());
        m.put("freeze", "backbone");
        m.put("img_size", 96);
        m.put("normalize", "symmetric");
        m.put("epochs", 2);
        m.put("fine_tune_epochs", 2);
        m.put("fine_tune_lr", 1e-4);
        m.put("early_stopping.patience", 0);
        m.put("reduce_lr.patience", 0);
        m.put("out", out.toString());
        RunResult r = new TrainingJob(ConfigIO.fromMap(m), new PrintStream(OutputStream.nullOutputStream())).run();
        List<EpochRecord> h = r.history();
        assertEquals(4, h.size());
        double frozenStage = h.get(1).valAccuracy();
        assertTrue(frozenStage >= 0.85, "frozen stage " + frozenStage);
        assertTrue(h.get(3).valAccuracy() >= frozenStage,
                "fine-tuned " + h.get(3).valAccuracy() + " against the frozen stage's " + frozenStage);
        for (EpochRecord e : h.subList(2, 4)) {
            assertTrue(e.trainEvalAccuracy() >= e.accuracy() - 0.05, "epoch " + e.epoch() + ": inference mode "
                    + e.trainEvalAccuracy() + ", training mode " + e.accuracy());
        }
        String log = Files.readString(r.runDir().resolve("log.txt"));
        assertTrue(log.contains("BatchNorm: 52 backbone layers normalise with their moving statistics while they train"
                + " (bn_train false, the default when fine-tuning a pretrained backbone)"), log);
    }
}
