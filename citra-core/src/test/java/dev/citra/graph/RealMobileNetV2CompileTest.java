package dev.citra.graph;

import static dev.citra.graph.GraphFixtures.IMAGES;
import static dev.citra.graph.GraphFixtures.argmax;
import static dev.citra.graph.GraphFixtures.realMobileNetV2;
import static dev.citra.graph.GraphFixtures.sampleBatch;
import static dev.citra.graph.GraphFixtures.weightsDir;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.citra.model.Network;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The real Keras MobileNetV2 ImageNet weights (in {@code <citra.shared>/data/weights}), compiled:
 * on the sample photographs the folded graph gives the network's probabilities to 1e-4.
 */
class RealMobileNetV2CompileTest {
    @Test
    void foldedGraphGivesTheNetworksProbabilitiesOnRealImages() throws Exception {
        Path dir = weightsDir();
        try (Network net = realMobileNetV2(dir); NDManager scope = net.manager().newSubManager()) {
            InferenceGraph graph = GraphCompiler.compile(net);
            assertEquals(52, graph.opCounts().get("Conv"));
            assertEquals(null, graph.opCounts().get("Scale"), graph.toString());
            NDArray x = scope.create(FloatBuffer.wrap(sampleBatch(dir, net.input())), new Shape(IMAGES.size(), 3, 224, 224));
            float[] expected = net.forward(x, false).softmax(1).toFloatArray();
            try (TorchGraph compiled = new TorchGraph(graph, net.manager())) {
                float[] actual = compiled.forward(x).softmax(1).toFloatArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-4, "probability " + i);
                }
                // The README's top-1 classes: military uniform, tiger cat, chickadee, macaw.
                int[] top = {652, 285, 19, 88};
                for (int i = 0; i < top.length; i++) {
                    assertEquals(top[i], argmax(actual, i * 1000, 1000), IMAGES.get(i));
                }
            }
        }
    }
}
