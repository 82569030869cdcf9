package dev.citra.onnx;

import static dev.citra.graph.GraphFixtures.IMAGES;
import static dev.citra.graph.GraphFixtures.argmax;
import static dev.citra.graph.GraphFixtures.assertClose;
import static dev.citra.graph.GraphFixtures.network;
import static dev.citra.graph.GraphFixtures.randomPixels;
import static dev.citra.graph.GraphFixtures.realMobileNetV2;
import static dev.citra.graph.GraphFixtures.sampleBatch;
import static dev.citra.graph.GraphFixtures.weightsDir;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.citra.Version;
import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.graph.GraphCompiler;
import dev.citra.graph.GraphSession;
import dev.citra.graph.InferenceGraph;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.image.ResizeMode;
import dev.citra.infer.OnnxExport;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.HeadSpec;
import dev.citra.model.LayerSpec;
import dev.citra.model.Network;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exported ONNX files load in ONNX Runtime and give citra's own outputs: generated networks of
 * each architecture (random BatchNorm statistics, so that folding matters) and the real Keras
 * MobileNetV2 on real photographs.
 */
class OnnxExportTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} at {1} px")
    @CsvSource({
        "simple-cnn, 32, 3",
        "fer-cnn, 48, 1",
        "mobilenet_v2, 32, 3",
        "mobilenet_v2, 35, 3",
        "resnet50, 32, 3",
        "densenet121, 32, 3",
        "inception_v3, 75, 3"})
    void onnxRuntimeGivesTheNetworksLogits(String architecture, int size, int channels) {
        ArchitectureSpec spec = architecture.equals("mobilenet_v2")
                ? new ArchitectureSpec(architecture, null, null, 0.35) : ArchitectureSpec.named(architecture);
        assertSameLogits(spec, new ImageSpec(size, channels, Normalization.UNIT), 5);
    }

    @Test
    void headsAndCustomLayersExportToo() {
        assertSameLogits(new ArchitectureSpec("mobilenet_v2", null, 0.5, 0.35, new HeadSpec(true, "max", List.of(16))),
                new ImageSpec(32, 3, Normalization.UNIT), 3);
        List<LayerSpec> layers = List.of(LayerSpec.conv(8, 3), LayerSpec.of("batchnorm"), LayerSpec.of("relu6"),
                new LayerSpec("avgpool", null, null, 2, null, null, 3, null, null), LayerSpec.of("flatten"),
                LayerSpec.dense(12), LayerSpec.of("batchnorm"), LayerSpec.of("relu"), LayerSpec.dropout(0.4));
        assertSameLogits(new ArchitectureSpec("custom", layers, null, null), new ImageSpec(16, 1, Normalization.UNIT), 4);
    }

    private void assertSameLogits(ArchitectureSpec spec, ImageSpec input, int classes) {
        try (Network net = network(spec, input, classes); NDManager scope = net.manager().newSubManager()) {
            InferenceGraph graph = GraphCompiler.compile(net);
            int n = 3;
            float[] pixels = randomPixels(n * input.tensorLength(), 5);
            NDArray x = scope.create(FloatBuffer.wrap(pixels), new Shape(n, input.channels(), input.size(), input.size()));
            float[] expected = net.forward(x, false).toFloatArray();
            try (GraphSession session = new OrtGraphRuntime().open(graph, classes, 1)) {
                assertClose(expected, session.logits(pixels, n), spec.name() + " in ONNX Runtime, " + graph);
            }
        }
    }

    @Test
    void realMobileNetV2FileMatchesCitraOnRealImagesAndCarriesItsPreprocessing() throws Exception {
        Path dir = weightsDir();
        Path bundle = tmp.resolve("bundle");
        try (Network net = realMobileNetV2(dir)) {
            ModelBundle.save(bundle, net, BundleMetadata.of(BundleMetadata.CURRENT_FORMAT, net.architecture(), net.labels(),
                    new ImageSpec(224, 3, Normalization.SYMMETRIC, ResizeMode.STRETCH, false), null, null, null, null,
                    net.parameterCount(), Version.get(), null));
        }
        Path file = tmp.resolve("out/mobilenet_v2.onnx");
        Files.createDirectories(file.getParent());
        OnnxExport.Result result = OnnxExport.export(bundle, file);
        assertEquals(file, result.file());

        float[] citra;
        float[] pixels;
        try (Network net = ModelBundle.load(bundle); NDManager scope = net.manager().newSubManager()) {
            pixels = sampleBatch(dir, net.input());
            citra = net.forward(scope.create(FloatBuffer.wrap(pixels), new Shape(IMAGES.size(), 3, 224, 224)), false)
                    .softmax(1).toFloatArray();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
                var input = ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels),
                        new long[] {IMAGES.size(), 3, 224, 224});
                OrtSession.Result out = session.run(Map.of("input", input))) {
            float[] probabilities = new float[citra.length];
            ((ai.onnxruntime.OnnxTensor) out.get("probabilities").orElseThrow()).getFloatBuffer().get(probabilities);
            for (int i = 0; i < citra.length; i++) {
                assertEquals(citra[i], probabilities[i], 1e-4, "probability " + i);
            }
            int[] top = {652, 285, 19, 88};
            for (int i = 0; i < top.length; i++) {
                assertEquals(top[i], argmax(probabilities, i * 1000, 1000), IMAGES.get(i));
            }
            Map<String, String> props = session.getMetadata().getCustomMetadata();
            assertEquals("224", props.get("input_size"));
            assertEquals("rgb", props.get("color"));
            assertEquals("stretch", props.get("resize"));
            assertEquals("127.5,127.5,127.5", props.get("mean"));
            assertEquals("127.5,127.5,127.5", props.get("std"));
            assertEquals("mobilenet_v2", props.get("citra.architecture"));
            List<String> labels = new com.fasterxml.jackson.databind.ObjectMapper().readerForListOf(String.class)
                    .readValue(props.get("labels"));
            assertEquals(1000, labels.size());
            assertEquals(null, props.get("blur_sigma"), "no blur, no key");
        }
    }

    @Test
    void aBlurredInputNamesItsSigmaInTheMetadata() {
        ImageSpec blurred = new ImageSpec(48, 1, Normalization.SYMMETRIC, ResizeMode.STRETCH, true, 3);
        Map<String, String> props = OnnxExport.metadata("fer-cnn", blurred, List.of("a", "b"));
        assertEquals("3.0", props.get("blur_sigma"));
        assertEquals("grey", props.get("color"));
    }
}
