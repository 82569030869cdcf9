package dev.citra.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.HeadSpec;
import dev.citra.model.LayerSpec;
import dev.citra.model.Network;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The compiled graph of every architecture computes what the network computes: generated networks
 * with random BatchNorm statistics (so that folding changes the weights), run by {@link TorchGraph}.
 */
class GraphCompilerTest {
    private static final ArchitectureRegistry REGISTRY = ArchitectureRegistry.defaults();

    @ParameterizedTest(name = "{0} at {1} px")
    @CsvSource({
        "simple-cnn, 32, 3",
        "fer-cnn, 48, 1",
        "mobilenet_v2, 32, 3", // even sizes: Keras's one-sided padding before stride 2
        "mobilenet_v2, 35, 3",
        "resnet50, 32, 3",
        "densenet121, 32, 3",
        "inception_v3, 75, 3"})
    void compiledGraphMatchesTheNetwork(String architecture, int size, int channels) {
        ArchitectureSpec spec = architecture.equals("mobilenet_v2")
                ? new ArchitectureSpec(architecture, null, null, 0.35) : ArchitectureSpec.named(architecture);
        assertSameOutputs(spec, new ImageSpec(size, channels, Normalization.UNIT), 5);
    }

    @Test
    void headBatchNormHiddenLayersAndMaxPoolingCompile() {
        ArchitectureSpec spec = new ArchitectureSpec("mobilenet_v2", null, 0.5, 0.35, new HeadSpec(true, "max", List.of(16)));
        InferenceGraph graph = assertSameOutputs(spec, new ImageSpec(32, 3, Normalization.UNIT), 3);
        // The head's BatchNorm follows a ReLU6: it stays, as the only Scale.
        assertEquals(1, graph.opCounts().getOrDefault("Scale", 0), graph.toString());
    }

    @Test
    void customLayersWithDenseBatchNormAndAveragePoolingCompile() {
        List<LayerSpec> layers = List.of(LayerSpec.conv(8, 3), LayerSpec.of("batchnorm"), LayerSpec.of("relu6"),
                new LayerSpec("avgpool", null, null, 2, null, null, 3, null, null), LayerSpec.dense(12),
                LayerSpec.of("batchnorm"), LayerSpec.of("relu"), LayerSpec.dropout(0.4));
        InferenceGraph graph = assertSameOutputs(new ArchitectureSpec("custom", layers, null, null),
                new ImageSpec(16, 1, Normalization.UNIT), 4);
        assertEquals(0, graph.opCounts().getOrDefault("Scale", 0), "both BatchNorms folded: " + graph);
    }

    @Test
    void foldingLeavesOnlyConvolutionsWithTheirOwnPadding() {
        ArchitectureSpec spec = new ArchitectureSpec("mobilenet_v2", null, null, 0.35);
        try (Network net = network(spec, new ImageSpec(32, 3, Normalization.UNIT), 2)) {
            InferenceGraph raw = GraphCompiler.translate(net);
            InferenceGraph folded = GraphCompiler.compile(net);
            assertEquals(52, raw.opCounts().get("Conv"));
            assertEquals(52, raw.opCounts().get("Scale"));
            assertEquals(5, raw.opCounts().get("Pad"));
            assertEquals(52, folded.opCounts().get("Conv"));
            assertFalse(folded.opCounts().containsKey("Scale"), folded.toString());
            assertFalse(folded.opCounts().containsKey("Pad"), folded.toString());
            long asymmetric = folded.nodes().stream().filter(n -> n.op() instanceof Op.Conv c && !c.symmetric()).count();
            assertEquals(5, asymmetric, "the stem and the four stride-2 depthwise convolutions pad bottom/right only");
        }
    }

    @Test
    void aTorchScriptBackboneIsRefusedInOneSentence() throws Exception {
        Path file = Path.of(GraphCompilerTest.class.getResource("/torchscript/tiny_backbone.pt").toURI());
        ArchitectureSpec spec = new ArchitectureSpec("torchscript", null, null, null, null, file.toString());
        try (Network net = Network.create(REGISTRY, spec, new ImageSpec(16, 3, Normalization.UNIT), List.of("a", "b"), 1)) {
            assertFalse(GraphCompiler.canCompile(net));
            CitraException e = assertThrows(CitraException.class, () -> GraphCompiler.compile(net));
            assertTrue(e.getMessage().startsWith("Model 'torchscript' has a layer citra cannot compile"), e.getMessage());
            assertEquals(1, e.getMessage().split("\\. ").length, e.getMessage());
        }
        try (Network net = network(ArchitectureSpec.named("simple-cnn"), new ImageSpec(16, 3, Normalization.UNIT), 2)) {
            assertTrue(GraphCompiler.canCompile(net));
        }
    }

    /** Builds the network, randomises its BatchNorm layers, and checks the compiled graph against it. */
    static InferenceGraph assertSameOutputs(ArchitectureSpec spec, ImageSpec input, int classes) {
        try (Network net = network(spec, input, classes); NDManager scope = net.manager().newSubManager()) {
            InferenceGraph graph = GraphCompiler.compile(net);
            float[] pixels = randomPixels(3 * input.tensorLength(), 7);
            NDArray x = scope.create(FloatBuffer.wrap(pixels), new Shape(3, input.channels(), input.size(), input.size()));
            float[] expected = net.forward(x, false).toFloatArray();
            try (TorchGraph compiled = new TorchGraph(graph, net.manager())) {
                float[] actual = compiled.forward(x).toFloatArray();
                assertClose(expected, actual, spec.name() + " " + graph);
            }
            return graph;
        }
    }

    /** Equal to 1e-4, relative to the largest logit when that is above 1. */
    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 1;
        for (float e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * scale, what + ": output " + i);
        }
    }

    static Network network(ArchitectureSpec spec, ImageSpec input, int classes) {
        List<String> labels = IntStream.range(0, classes).mapToObj(i -> "c" + i).toList();
        Network net = Network.create(REGISTRY, spec, input, labels, 3);
        randomiseBatchNorm(net, 11);
        return net;
    }

    /** Trained-looking BatchNorm statistics: folding then changes every weight. */
    static void randomiseBatchNorm(Network net, long seed) {
        Random random = new Random(seed);
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] v = new float[Math.toIntExact(a.size())];
            switch (p.getValue().getType()) {
                case GAMMA -> fill(v, () -> 0.5f + random.nextFloat());
                case BETA, RUNNING_MEAN -> fill(v, () -> (float) random.nextGaussian() * 0.3f);
                case RUNNING_VAR -> fill(v, () -> 0.3f + random.nextFloat() * 2);
                default -> {
                    continue;
                }
            }
            a.set(v);
        }
    }

    private static void fill(float[] v, java.util.function.Supplier<Float> next) {
        for (int i = 0; i < v.length; i++) {
            v[i] = next.get();
        }
    }

    static float[] randomPixels(int n, long seed) {
        Random random = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextFloat();
        }
        return v;
    }
}
