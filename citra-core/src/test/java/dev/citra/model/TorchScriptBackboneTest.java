package dev.citra.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.CitraException;
import dev.citra.util.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny TorchScript backbone (conv + BatchNorm + ReLU + mean) saved by PyTorch
 * ({@code src/test/resources/torchscript/make_fixtures.py}) with its output on a fixed input:
 * loaded here it must give that output, stay put when frozen and learn when trainable.
 */
class TorchScriptBackboneTest {
    @TempDir
    Path tmp;

    private static Path fixture(String name) throws Exception {
        return Path.of(TorchScriptBackboneTest.class.getResource("/torchscript/" + name).toURI());
    }

    private static float[] floats(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    private static long[] longs(JsonNode array) {
        long[] v = new long[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asLong();
        }
        return v;
    }

    private static float[] eval(TorchScriptBackbone backbone, ParameterStore ps, NDArray x) {
        return backbone.block().forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
    }

    private static float[] train(TorchScriptBackbone backbone, ParameterStore ps, NDArray x) {
        return backbone.block().forward(ps, new NDList(x), true).singletonOrThrow().toFloatArray();
    }

    @Test
    void frozenBackboneGivesPyTorchsOutputAndKeepsItsStatistics() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(Files.readString(fixture("tiny_backbone.json")));
        try (TorchScriptBackbone backbone = TorchScriptBackbone.load(fixture("tiny_backbone.pt"), false);
                NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray x = m.create(floats(expected.get("input")), new Shape(longs(expected.get("input_shape"))));
            ParameterStore ps = new ParameterStore(m, false);
            float[] before = eval(backbone, ps, x);
            assertArrayEquals(floats(expected.get("output")), before, 1e-5f);
            // A training forward of a frozen backbone is an inference forward: same output, and the
            // BatchNorm statistics (buffers, seen through the eval output) stay.
            assertArrayEquals(before, train(backbone, ps, x), 1e-6f);
            assertArrayEquals(before, eval(backbone, ps, x), 1e-6f);
            for (Pair<String, Parameter> p : backbone.block().getParameters()) {
                assertTrue(!p.getValue().requiresGradient(), p.getKey() + " should be frozen");
            }
        }
    }

    @Test
    void trainableBackboneGetsGradientsAndUpdatesItsStatistics() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(Files.readString(fixture("tiny_backbone.json")));
        try (TorchScriptBackbone backbone = TorchScriptBackbone.load(fixture("tiny_backbone.pt"), true);
                NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray x = m.create(floats(expected.get("input")), new Shape(longs(expected.get("input_shape"))));
            Parameter conv = null;
            for (Pair<String, Parameter> p : backbone.block().getParameters()) {
                if (p.getKey().endsWith("conv.weight")) {
                    conv = p.getValue();
                }
            }
            assertTrue(conv != null && conv.requiresGradient(), backbone.block().getParameters().keys().toString());
            try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                NDArray y = backbone.block().forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                gc.backward(y.sum());
            }
            float[] grad = conv.getArray().getGradient().toFloatArray();
            double norm = 0;
            for (float g : grad) {
                norm += g * g;
            }
            assertTrue(norm > 0, "no gradient reached the TorchScript convolution");
            // Training mode used batch statistics and moved the running ones: eval output changes.
            float[] before = floats(expected.get("output"));
            float[] after = eval(backbone, new ParameterStore(m, false), x);
            double moved = 0;
            for (int i = 0; i < before.length; i++) {
                moved += Math.abs(before[i] - after[i]);
            }
            assertTrue(moved > 1e-4, "a trainable BatchNorm updates its running statistics in training mode");
        }
    }

    @Test
    void aFileThatIsNotTorchScriptGetsOneSentence() throws Exception {
        Path junk = tmp.resolve("backbone.pt");
        Files.write(junk, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
        CitraException e = assertThrows(CitraException.class, () -> TorchScriptBackbone.load(junk, false));
        assertTrue(e.getMessage().startsWith("TorchScript file " + junk + " cannot be loaded ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("a state dict goes to --weights as .safetensors instead."), e.getMessage());
        assertTrue(assertThrows(CitraException.class, () -> TorchScriptBackbone.load(tmp.resolve("none.pt"), true))
                .getMessage().startsWith("TorchScript file " + tmp.resolve("none.pt") + " does not exist"));
    }
}
