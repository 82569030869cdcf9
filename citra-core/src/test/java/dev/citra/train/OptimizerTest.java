package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.LayerSpec;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import dev.citra.train.optim.Adam;
import dev.citra.train.optim.Optimizer;
import dev.citra.train.optim.Optimizers;
import dev.citra.train.optim.RmsProp;
import dev.citra.train.optim.Sgd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks each optimizer's update against the formula computed by hand in Java. */
class OptimizerTest {
    private static final ImageSpec SPEC = new ImageSpec(8, 1, Normalization.UNIT);

    /** A network whose only layer is the final dense one: 64 inputs -> 2 classes. */
    private static Network tiny() {
        return Network.create(ArchitectureRegistry.defaults(),
                new ArchitectureSpec("custom", List.of(LayerSpec.of("flatten")), null, null), SPEC, List.of("a", "b"), 3);
    }

    /** Runs forward/backward on a fixed batch and returns (weight, grad) of the first parameter. */
    private static float[][] backward(Network net, NDManager scope) {
        float[] pixels = new float[2 * 64];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) Math.sin(i * 0.37);
        }
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = net.forward(scope, pixels, 2, true);
            NDArray loss = ai.djl.training.loss.Loss.softmaxCrossEntropyLoss()
                    .evaluate(new NDList(scope.create(new int[] {0, 1})), new NDList(logits));
            gc.backward(loss);
        }
        Parameter p = net.trainableParameters().get(0).getValue();
        NDArray grad = p.getArray().getGradient();
        grad.attach(scope);
        return new float[][] {p.getArray().toFloatArray(), grad.toFloatArray()};
    }

    private static float[] weight(Network net) {
        return net.trainableParameters().get(0).getValue().getArray().toFloatArray();
    }

    @Test
    void sgdWithMomentumFollowsTheHeavyBallFormula() {
        try (Network net = tiny(); Optimizer sgd = new Sgd(0.9f, 0f); NDManager scope = net.manager().newSubManager()) {
            float[][] wg = backward(net, scope);
            sgd.step(net, 0.1f, scope);
            float[] w1 = weight(net);
            float[][] wg2 = backward(net, scope);
            sgd.step(net, 0.1f, scope);
            float[] w2 = weight(net);
            for (int i = 0; i < w1.length; i++) {
                assertEquals(wg[0][i] - 0.1f * wg[1][i], w1[i], 1e-6);
                float buf = 0.9f * wg[1][i] + wg2[1][i];
                assertEquals(w1[i] - 0.1f * buf, w2[i], 1e-6);
            }
        }
    }

    @Test
    void adamFollowsKerasFormulaAndZeroesGradients() {
        try (Network net = tiny(); Optimizer adam = new Adam(0f); NDManager scope = net.manager().newSubManager()) {
            float[][] wg = backward(net, scope);
            adam.step(net, 0.01f, scope);
            float[] w1 = weight(net);
            for (int i = 0; i < w1.length; i++) {
                double g = wg[1][i];
                double m = 0.1 * g;
                double v = 0.001 * g * g;
                double lrT = 0.01 * Math.sqrt(1 - 0.999) / (1 - 0.9);
                assertEquals(wg[0][i] - lrT * m / (Math.sqrt(v) + 1e-7), w1[i], 1e-5);
            }
            NDArray gradArray = net.trainableParameters().get(0).getValue().getArray().getGradient();
            gradArray.attach(scope);
            for (float g : gradArray.toFloatArray()) {
                assertEquals(0f, g, 0f);
            }
        }
    }

    @Test
    void fusedAdamEqualsTheJavaFormulaWithWeightDecay() {
        try (Network a = tiny(); Network b = tiny(); Adam fused = new Adam(0.01f); Adam plain = new Adam(0.01f);
                NDManager sa = a.manager().newSubManager(); NDManager sb = b.manager().newSubManager()) {
            plain.disableFusedUpdate();
            for (int i = 0; i < 3; i++) {
                backward(a, sa);
                fused.step(a, 0.01f, sa);
                backward(b, sb);
                plain.step(b, 0.01f, sb);
            }
            assertArrayEquals(weight(b), weight(a), 1e-6f);
        }
    }

    @Test
    void rmspropFollowsKerasFormula() {
        try (Network net = tiny(); Optimizer rms = new RmsProp(0f); NDManager scope = net.manager().newSubManager()) {
            float[][] wg = backward(net, scope);
            rms.step(net, 0.01f, scope);
            float[] w1 = weight(net);
            for (int i = 0; i < w1.length; i++) {
                double g = wg[1][i];
                double s = 0.1 * g * g;
                assertEquals(wg[0][i] - 0.01 * g / (Math.sqrt(s) + 1e-7), w1[i], 1e-5);
            }
        }
    }

    @Test
    void savedStateResumesExactly() throws Exception {
        try (Network a = tiny(); Network b = tiny(); Optimizer adamA = new Adam(0f); Optimizer adamB = new Adam(0f);
                NDManager sa = a.manager().newSubManager(); NDManager sb = b.manager().newSubManager()) {
            backward(a, sa);
            adamA.step(a, 0.01f, sa);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            adamA.save(new DataOutputStream(bytes));
            b.restore(a.snapshot());
            adamB.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), b);
            assertEquals(1, adamB.steps());
            backward(a, sa);
            adamA.step(a, 0.01f, sa);
            backward(b, sb);
            adamB.step(b, 0.01f, sb);
            assertArrayEquals(weight(a), weight(b), 1e-7f);
        }
    }

    @Test
    void stateOfAnotherOptimizerIsRefused() throws Exception {
        try (Network a = tiny(); Optimizer adam = new Adam(0f); Optimizer sgd = new Sgd(0.9f, 0f)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            adam.save(new DataOutputStream(bytes));
            CitraException e = assertThrows(CitraException.class,
                    () -> sgd.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), a));
            assertEquals("The run was trained with optimizer 'adam', not 'sgd': resume with --optimizer adam.", e.getMessage());
        }
    }

    @Test
    void unknownOptimizerIsNamed() {
        CitraException e = assertThrows(CitraException.class, () -> Optimizers.create("nadam", 0, 0));
        assertEquals("Unknown optimizer 'nadam': use one of adam, adamw, sgd, rmsprop.", e.getMessage());
    }

    @Test
    void stepMemoryDoesNotGrowOnTheModelManager() {
        try (Network net = tiny(); Optimizer adam = new Adam(0f)) {
            for (int i = 0; i < 3; i++) {
                try (NDManager scope = net.manager().newSubManager()) {
                    backward(net, scope);
                    adam.step(net, 0.01f, scope);
                }
            }
            int before = net.manager().getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                try (NDManager scope = net.manager().newSubManager()) {
                    backward(net, scope);
                    adam.step(net, 0.01f, scope);
                }
            }
            assertEquals(before, net.manager().getManagedArrays().size());
        }
    }
}
