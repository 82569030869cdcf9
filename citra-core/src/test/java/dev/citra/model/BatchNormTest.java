package dev.citra.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.citra.util.Engines;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * citra's BatchNorm: moving statistics updated as Keras's formula in training mode, left alone
 * (and used) when frozen while gamma and beta still learn, and DJL's save format.
 */
class BatchNormTest {
    private static final int N = 4;
    private static final int C = 3;
    private static final int H = 5;

    private static float[] input(long seed) {
        Random r = new Random(seed);
        float[] x = new float[N * C * H * H];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * (1 + i % 3) + i % 7 * 0.3);
        }
        return x;
    }

    private static float[] values(Block b, String name) {
        for (var p : b.getParameters()) {
            if (p.getKey().equals(name)) {
                return p.getValue().getArray().toFloatArray();
            }
        }
        throw new AssertionError(name);
    }

    /** Per-channel mean and variance of (N, C, H, W) values; unbiased as PyTorch's moving variance. */
    private static double[][] moments(float[] x) {
        double[][] m = new double[2][C];
        int count = N * H * H;
        for (int c = 0; c < C; c++) {
            double sum = 0;
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < H * H; i++) {
                    sum += x[(n * C + c) * H * H + i];
                }
            }
            double mean = sum / count;
            double sq = 0;
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < H * H; i++) {
                    double d = x[(n * C + c) * H * H + i] - mean;
                    sq += d * d;
                }
            }
            m[0][c] = mean;
            m[1][c] = sq / (count - 1);
        }
        return m;
    }

    @Test
    void trainingPassesMoveTheStatisticsAsKerasMomentumSays() {
        Engine engine = Engines.pytorch();
        try (NDManager manager = engine.newBaseManager()) {
            BatchNorm bn = new BatchNorm(1e-3f, 0.99f);
            bn.initialize(manager, DataType.FLOAT32, new Shape(N, C, H, H));
            ParameterStore store = new ParameterStore(manager, false);
            float[] x = input(1);
            double[][] batch = moments(x);
            for (int step = 1; step <= 3; step++) {
                try (NDManager scope = manager.newSubManager()) {
                    bn.forward(store, new NDList(scope.create(x, new Shape(N, C, H, H))), true);
                }
                float[] mean = values(bn, "runningMean");
                float[] var = values(bn, "runningVar");
                double kept = Math.pow(0.99, step);
                for (int c = 0; c < C; c++) {
                    // moving = moving·0.99 + batch·0.01, from mean 0 and variance 1
                    assertEquals((1 - kept) * batch[0][c], mean[c], 1e-5, "mean, step " + step);
                    assertEquals(kept + (1 - kept) * batch[1][c], var[c], 1e-4, "variance, step " + step);
                }
            }
        }
    }

    @Test
    void frozenStatisticsStayAndAreUsedWhileGammaAndBetaLearn() {
        Engine engine = Engines.pytorch();
        try (NDManager manager = engine.newBaseManager()) {
            BatchNorm bn = new BatchNorm(1e-3f, 0.99f);
            bn.initialize(manager, DataType.FLOAT32, new Shape(N, C, H, H));
            ParameterStore store = new ParameterStore(manager, false);
            float[] x = input(2);
            try (NDManager scope = manager.newSubManager()) {
                bn.forward(store, new NDList(scope.create(x, new Shape(N, C, H, H))), true); // statistics move once
            }
            float[] mean = values(bn, "runningMean");
            float[] var = values(bn, "runningVar");
            bn.freezeStatistics(true);
            try (NDManager scope = manager.newSubManager()) {
                NDArray in = scope.create(x, new Shape(N, C, H, H));
                float[] inference = bn.forward(store, new NDList(in), false).singletonOrThrow().toFloatArray();
                float[] training;
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray y = bn.forward(store, new NDList(in), true).singletonOrThrow();
                    training = y.toFloatArray();
                    gc.backward(y.mul(y).sum());
                }
                assertArrayEquals(inference, training, 1e-6f, "a frozen layer normalises with its moving statistics");
                assertArrayEquals(mean, values(bn, "runningMean"));
                assertArrayEquals(var, values(bn, "runningVar"));
                for (var p : bn.getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        float[] g = p.getValue().getArray().getGradient().toFloatArray();
                        assertTrue(Math.abs(g[0]) + Math.abs(g[1]) + Math.abs(g[2]) > 0, p.getKey() + " learns");
                    }
                }
            }
            bn.freezeStatistics(false);
            try (NDManager scope = manager.newSubManager()) {
                bn.forward(store, new NDList(scope.create(input(3), new Shape(N, C, H, H))), true);
            }
            assertTrue(values(bn, "runningMean")[0] != mean[0], "released, the statistics move again");
        }
    }

    @Test
    void readsWhatDjlsBatchNormWrote() throws Exception {
        Engine engine = Engines.pytorch();
        try (NDManager manager = engine.newBaseManager()) {
            SequentialBlock djl = new SequentialBlock().add(ai.djl.nn.norm.BatchNorm.builder().build());
            djl.initialize(manager, DataType.FLOAT32, new Shape(N, C, H, H));
            ParameterStore store = new ParameterStore(manager, false);
            float[] x = input(4);
            float[] expected;
            try (NDManager scope = manager.newSubManager()) {
                NDArray in = scope.create(x, new Shape(N, C, H, H));
                djl.forward(store, new NDList(in), true); // non-trivial statistics
                for (var p : djl.getParameters()) {
                    if (p.getValue().getType() == Parameter.Type.GAMMA) {
                        p.getValue().getArray().muli(1.5f);
                    }
                }
                expected = djl.forward(store, new NDList(in), false).singletonOrThrow().toFloatArray();
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            djl.saveParameters(new DataOutputStream(bytes));

            SequentialBlock ours = new SequentialBlock().add(BatchNorm.defaults());
            ours.initialize(manager, DataType.FLOAT32, new Shape(N, C, H, H));
            assertEquals(djl.getParameters().keys(), ours.getParameters().keys(), "same parameter names");
            ours.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            try (NDManager scope = manager.newSubManager()) {
                float[] actual = ours.forward(new ParameterStore(manager, false),
                        new NDList(scope.create(x, new Shape(N, C, H, H))), false).singletonOrThrow().toFloatArray();
                assertArrayEquals(expected, actual, 1e-6f);
            }
        }
    }
}
