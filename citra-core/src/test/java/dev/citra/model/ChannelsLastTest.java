package dev.citra.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.TensorLayout;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.util.Engines;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelsLastTest {
    @Test
    void keepsEveryValueInPlaceAndLeavesOtherRanksAlone() {
        Engines.pytorch();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (Shape shape : new Shape[] {new Shape(2, 3, 4, 5), new Shape(3, 1, 2, 6)}) {
                NDArray x = m.arange((float) shape.size()).reshape(shape);
                NDArray stored = ChannelsLast.of(x);
                assertEquals(shape, stored.getShape());
                assertArrayEquals(x.toFloatArray(), stored.toFloatArray(), 0f, shape.toString());
                assertArrayEquals(x.get(1).toFloatArray(), stored.get(1).toFloatArray(), 0f);
            }
            NDArray rgb = m.zeros(new Shape(2, 3, 4, 5));
            assertTrue(TensorLayout.rowMajor(rgb));
            assertFalse(TensorLayout.rowMajor(ChannelsLast.of(rgb)), "stored channels last, not row-major");
            NDArray flat = m.ones(new Shape(4, 7));
            assertSame(flat, ChannelsLast.of(flat));
        }
    }

    /**
     * The network converts its input; its outputs and every gradient are those of the plain layout.
     * Gradients are compared in inference mode: in training mode BatchNorm's batch statistics over
     * a few values magnify the different summation order (PyTorch's own channels-last gradients
     * differ as much there).
     */
    @Test
    void aNetworkGivesTheSameOutputsAndGradientsAsOnThePlainLayout() {
        ImageSpec spec = new ImageSpec(64, 3, Normalization.SYMMETRIC);
        float[] pixels = new float[8 * spec.tensorLength()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) Math.sin(i * 0.37);
        }
        try (Network net = Network.create(ArchitectureRegistry.defaults(), ArchitectureSpec.named("mobilenet_v2"), spec,
                List.of("a", "b", "c"), 3); NDManager scope = net.manager().newSubManager()) {
            NDArray x = scope.create(FloatBuffer.wrap(pixels), new Shape(8, 3, 64, 64));
            NDArray weights = scope.create(new float[] {1f, -2f, 0.5f}).reshape(1, 3);
            ParameterStore store = new ParameterStore(scope, false);
            for (boolean training : new boolean[] {false, true}) {
                List<float[]> plain = step(net, weights, () -> net.block().forward(store, new NDList(x), training)
                        .singletonOrThrow());
                List<float[]> channelsLast = step(net, weights, () -> net.forward(x, training));
                assertEquals(plain.size(), channelsLast.size());
                int compared = training ? 1 : plain.size();
                for (int i = 0; i < compared; i++) {
                    assertClose(plain.get(i), channelsLast.get(i), training ? 1e-3f : 1e-5f,
                            (i == 0 ? "logits" : "gradient " + i) + ", training " + training);
                }
            }
        }
    }

    /** Every value within {@code relative} of the largest magnitude in {@code expected}. */
    private static void assertClose(float[] expected, float[] actual, float relative, String what) {
        float scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertArrayEquals(expected, actual, relative * scale, what);
    }

    /** Logits, then each trainable parameter's gradient of a weighted sum of them. */
    private static List<float[]> step(Network net, NDArray weights, java.util.function.Supplier<NDArray> forward) {
        List<float[]> out = new ArrayList<>();
        Engine.getInstance().setRandomSeed(11); // the same dropout masks in both passes
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.zeroGradients();
            NDArray logits = forward.get();
            out.add(logits.toFloatArray());
            gc.backward(logits.mul(weights).sum());
        }
        for (Pair<String, Parameter> p : net.trainableParameters()) {
            out.add(p.getValue().getArray().getGradient().toFloatArray());
        }
        return out;
    }
}
