package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.LayerSpec;
import dev.citra.model.Network;
import dev.citra.train.optim.AdamW;
import dev.citra.train.optim.Optimizer;
import dev.citra.train.optim.Optimizers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AdamW against PyTorch: the same dense layer, inputs and labels, two steps of
 * {@code torch.optim.AdamW(lr=0.01, weight_decay=0.1)}; the expected weights were computed once with
 * torch 2.13 (src/test/resources/torch/schedules_adamw.py).
 */
class AdamWTest {
    private static final ImageSpec SPEC = new ImageSpec(8, 1, Normalization.UNIT);

    @Test
    void twoStepsGiveTorchsWeights() {
        try (Network net = Network.create(ArchitectureRegistry.defaults(),
                new ArchitectureSpec("custom", List.of(LayerSpec.of("flatten")), null, null), SPEC, List.of("a", "b"), 3);
                Optimizer adamw = Optimizers.create("adamw", 0.1, 0.9);
                NDManager scope = net.manager().newSubManager()) {
            List<Pair<String, Parameter>> params = net.trainableParameters();
            NDArray weight = params.get(0).getValue().getArray();
            NDArray bias = params.get(1).getValue().getArray();
            assertEquals(new Shape(2, 64), weight.getShape());
            float[] w = new float[128];
            for (int i = 0; i < 128; i++) {
                w[i] = (float) (Math.sin(0.1 * i) * 0.1);
            }
            weight.set(w);
            bias.set(new float[] {0.05f, -0.05f});
            float[] pixels = new float[2 * 64];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) Math.sin(i * 0.37);
            }
            for (int step = 0; step < 2; step++) {
                try (NDManager s = scope.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = net.forward(s, pixels, 2, true);
                    gc.backward(ai.djl.training.loss.Loss.softmaxCrossEntropyLoss()
                            .evaluate(new NDList(s.create(new int[] {0, 1})), new NDList(logits)));
                }
                adamw.step(net, 0.01f, scope);
            }
            float[] after = weight.toFloatArray();
            float[] row0 = {0.01979583315551281f, 0.02975517138838768f, 0.03961583971977234f, 0.04927825182676315f,
                0.058644525706768036f, 0.06761608272790909f};
            float[] row1End = {0.0032660416327416897f, 0.01317103486508131f, 0.023142416030168533f,
                0.03307950496673584f};
            for (int i = 0; i < row0.length; i++) {
                assertEquals(row0[i], after[i], 2e-6, "W[0][" + i + "]");
            }
            for (int i = 0; i < row1End.length; i++) {
                assertEquals(row1End[i], after[124 + i], 2e-6, "W[1][" + (60 + i) + "]");
            }
            float[] b = bias.toFloatArray();
            assertEquals(0.029953181743621826f, b[0], 2e-6);
            assertEquals(-0.029953181743621826f, b[1], 2e-6);
        }
    }

    @Test
    void decayIsDecoupledFromTheGradient() {
        // With a zero gradient Adam's moments stay 0: only the decay moves the weight, by lr·wd·w.
        try (Network net = Network.create(ArchitectureRegistry.defaults(),
                new ArchitectureSpec("custom", List.of(LayerSpec.of("flatten")), null, null), SPEC, List.of("a", "b"), 3);
                AdamW adamw = new AdamW(0.5f); NDManager scope = net.manager().newSubManager()) {
            NDArray weight = net.trainableParameters().get(0).getValue().getArray();
            float[] before = weight.toFloatArray();
            try (NDManager s = scope.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(net.forward(s, new float[2 * 64], 2, true).sum().mul(0));
            }
            adamw.step(net, 0.1f, scope);
            float[] after = weight.toFloatArray();
            for (int i = 0; i < before.length; i++) {
                assertEquals(before[i] * (1 - 0.1f * 0.5f), after[i], 1e-7);
            }
        }
    }
}
