package dev.citra.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.citra.util.Engines;
import org.junit.jupiter.api.Test;

class Relu6Test {
    @Test
    void trainsThroughLibtorchsHardtanhWithTheExactValuesAndGradient() {
        Engines.pytorch();
        assertTrue(Relu6.fused(), "the TorchScript hardtanh loads here");
        float[] x = {-3f, -0f, 0.5f, 5.99f, 6f, 7.5f, 2f, -0.1f};
        // d/dx of min(max(x, 0), 6) times the upstream gradient (x itself): 0 outside (0, 6).
        float[] expected = {0f, 0f, 0.5f, 5.99f, 6f, 6f, 2f, 0f};
        float[] gradient = {0f, 0f, 0.5f, 5.99f, 0f, 0f, 2f, 0f};
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Relu6 relu6 = new Relu6();
            ParameterStore store = new ParameterStore(m, false);
            for (boolean training : new boolean[] {true, false}) {
                NDArray in = m.create(x, new Shape(2, 4));
                in.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = relu6.forward(store, new NDList(in), training).singletonOrThrow();
                    assertArrayEquals(expected, y.toFloatArray(), 0f, "training " + training);
                    if (training) {
                        gc.backward(y.mul(in.stopGradient()).sum());
                    }
                }
                if (training) {
                    // hardtanh's backward passes the gradient where 0 < x < 6 (libtorch: strictly inside).
                    assertArrayEquals(gradient, in.getGradient().toFloatArray(), 1e-6f);
                }
            }
        }
    }
}
