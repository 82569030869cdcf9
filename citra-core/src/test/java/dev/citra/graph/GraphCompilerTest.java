package dev.citra.graph;

import static dev.citra.graph.GraphFixtures.assertClose;
import static dev.citra.graph.GraphFixtures.network;
import static dev.citra.graph.GraphFixtures.randomPixels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The compiled graph of every architecture computes what the network computes: generated networks
 * with random BatchNorm statistics (so that folding changes the weights), run by {@link TorchGraph}.
 */
class GraphCompilerTest {
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
        try (Network net = Network.create(ArchitectureRegistry.defaults(), spec, new ImageSpec(16, 3, Normalization.UNIT),
                List.of("a", "b"), 1)) {
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
}
