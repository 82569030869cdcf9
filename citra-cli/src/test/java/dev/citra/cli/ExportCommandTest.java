package dev.citra.cli;

import static dev.citra.cli.Outcome.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.infer.Classifier;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code citra export}: the file ONNX Runtime loads gives the classifier's probabilities. */
class ExportCommandTest {
    @TempDir
    Path tmp;

    private Path bundle() {
        Path dir = tmp.resolve("run/best");
        ImageSpec input = new ImageSpec(24, 3, Normalization.TORCH);
        try (Network net = Network.create(ArchitectureRegistry.defaults(), ArchitectureSpec.named("simple-cnn"), input,
                List.of("cat", "dog", "fox"), 4)) {
            ModelBundle.save(dir, net, BundleMetadata.of(1, net.architecture(), net.labels(), input, Map.of(), Map.of(),
                    "abc", 1, net.parameterCount(), "test", "2026-01-01T00:00:00Z"));
        }
        return dir;
    }

    @Test
    void exportedFileGivesTheClassifiersProbabilities() throws Exception {
        Path bundle = bundle();
        Path file = tmp.resolve("out/model.onnx");
        Outcome o = run("export", "--model", tmp.resolve("run").toString(), "--format", "onnx", "--out", file.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("Wrote " + file), o.out());
        assertTrue(o.out().contains("mean 123.675,116.28,103.53, std 58.395,57.12,57.375"), o.out());

        float[][] images = new float[5][3 * 24 * 24];
        Random random = new Random(1);
        float[] batch = new float[5 * 3 * 24 * 24];
        for (int i = 0; i < images.length; i++) {
            for (int k = 0; k < images[i].length; k++) {
                images[i][k] = (float) random.nextGaussian();
            }
            System.arraycopy(images[i], 0, batch, i * images[i].length, images[i].length);
        }
        float[][] expected;
        try (Classifier classifier = Classifier.load(bundle)) {
            expected = classifier.probabilities(images);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), new long[] {5, 3, 24, 24});
                OrtSession.Result result = session.run(Map.of("input", input))) {
            float[][] actual = (float[][]) result.get("probabilities").orElseThrow().getValue();
            for (int i = 0; i < expected.length; i++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(expected[i][c], actual[i][c], 1e-4, "image " + i + " class " + c);
                }
            }
            assertEquals("[\"cat\",\"dog\",\"fox\"]", session.getMetadata().getCustomMetadata().get("labels"));
        }
    }

    @Test
    void defaultFileIsNamedAfterTheRun() throws Exception {
        Path bundle = bundle();
        Path file = Path.of("run.onnx");
        try {
            Outcome o = run("export", "--model", bundle.toString());
            assertEquals(0, o.code(), o.err());
            assertTrue(Files.size(file) > 1_000_000, "simple-cnn has about 290k parameters");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void unknownFormatAndMissingModelAreOneSentenceEach() {
        Path bundle = bundle();
        Outcome bad = run("export", "--model", bundle.toString(), "--format", "tflite");
        assertEquals(Main.USER_ERROR, bad.code());
        assertTrue(bad.err().contains("Unknown export format 'tflite': use --format onnx."), bad.err());
        Outcome missing = run("export", "--model", tmp.resolve("nothing").toString());
        assertEquals(Main.USER_ERROR, missing.code());
        assertTrue(!missing.err().contains("Exception"), missing.err());
    }
}
