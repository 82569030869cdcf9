package dev.citra.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import dev.citra.model.OnnxFeatures;
import dev.citra.util.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny ONNX model exported by PyTorch ({@code src/test/resources/onnx/make_fixtures.py}) run by
 * OnnxRuntime inside a PyTorch-engine network must give PyTorch's own output; the registry's
 * {@code onnx} backbone finds this module's loader.
 */
class OnnxBackboneTest {
    @TempDir
    Path tmp;

    static Path fixture(String name) throws Exception {
        return Path.of(OnnxBackboneTest.class.getResource("/onnx/" + name).toURI());
    }

    private static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    @Test
    void onnxRuntimeGivesPyTorchsOutputOnPyTorchArrays() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(Files.readString(fixture("tiny_features.json")));
        try (OnnxBackbone backbone = OnnxBackbone.load(fixture("tiny_features.onnx"));
                NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray x = m.create(floats(expected.get("input")), new Shape(2, 3, 6, 6));
            NDArray y = backbone.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
            // The features come back on the caller's PyTorch manager, ready for the head.
            assertTrue(y.getManager() == m || y.getManager().getParentManager() == m, "features not on the input's manager");
            assertTrue(y.getShape().equals(new Shape(2, 5, 6, 6)), y.getShape().toString());
            assertArrayEquals(floats(expected.get("output")), y.toFloatArray(), 1e-5f);
            assertTrue(backbone.getParameters().isEmpty(), "an ONNX backbone has nothing to train");
            assertTrue(backbone.getOutputShapes(new Shape[] {new Shape(1, 3, 9, 9)})[0].equals(new Shape(1, 5, 9, 9)));
        }
    }

    @Test
    void aFileThatIsNotOnnxGetsOneSentence() throws Exception {
        Path junk = tmp.resolve("backbone.onnx");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5});
        CitraException e = assertThrows(CitraException.class, () -> OnnxBackbone.load(junk));
        assertTrue(e.getMessage().startsWith("ONNX file " + junk + " cannot be loaded ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("torch.onnx.export(model, example, 'backbone.onnx') and pass that file."),
                e.getMessage());
        assertTrue(assertThrows(CitraException.class, () -> OnnxBackbone.load(tmp.resolve("none.onnx"))).getMessage()
                .startsWith("ONNX file " + tmp.resolve("none.onnx") + " does not exist"));
    }

    @Test
    void theRegistrysOnnxBackboneRunsInThisModule() throws Exception {
        ArchitectureSpec spec = ArchitectureSpec.named(OnnxFeatures.NAME).withFile(fixture("tiny_features.onnx").toString());
        try (Network net = Network.create(ArchitectureRegistry.defaults(), spec, new ImageSpec(8, 3, Normalization.UNIT),
                List.of("a", "b"), 1)) {
            assertTrue(net.parameterCount() > 0, "the head has weights");
            assertTrue(net.block().getChildren().stream().anyMatch(c -> containsOnnx(c.getValue())),
                    "the network holds an OnnxBackbone");
        }
    }

    private static boolean containsOnnx(ai.djl.nn.Block block) {
        return block instanceof OnnxBackbone
                || block.getChildren().stream().anyMatch(c -> containsOnnx(c.getValue()));
    }
}
