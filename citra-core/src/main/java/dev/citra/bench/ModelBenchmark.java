package dev.citra.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.citra.eval.InferenceTiming;
import dev.citra.graph.GraphCompiler;
import dev.citra.graph.GraphCost;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.infer.CompiledRunner;
import dev.citra.infer.InferenceRuntime;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import dev.citra.train.optim.Adam;
import dev.citra.train.optim.Optimizer;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Measures one network on this machine the way the training loop and {@code Classifier} run
 * it: training steps (forward, backward, Adam) and inference in the runtime predictions use
 * (compiled, {@link InferenceRuntime#configured() as configured}), in images per second, plus
 * batch-1 latency. Random input, two classes, as the PyTorch peer script does.
 */
public final class ModelBenchmark {
    private ModelBenchmark() {}

    /**
     * Figures for one model.
     *
     * @param trainImagesPerSecond training throughput
     * @param runtime what ran the inference figures
     * @param inferImagesPerSecond inference throughput at {@code batch}
     * @param batch1Millis median latency of one image
     * @param multiplyAdds multiply-accumulates of one image's forward pass
     * @param nativeBytesGrowth growth of the process's resident memory over the timed training steps
     */
    public record Result(String model, int size, int batch, int threads, double trainImagesPerSecond,
            InferenceRuntime runtime, double inferImagesPerSecond, double batch1Millis, long parameters,
            long multiplyAdds, long nativeBytesGrowth) {}

    /** Runs {@code steps} timed training and inference steps after a warm-up. */
    public static Result run(String model, int size, int batch, int steps) {
        try (Network net = network(model, size); Optimizer adam = new Adam(0f)) {
            ImageSpec spec = net.input();
            float[] pixels = randomBatch(spec, batch);
            Runnable trainStep = trainingStep(net, pixels, batch, adam);
            for (int i = 0; i < 3; i++) {
                trainStep.run();
            }
            long rssBefore = residentBytes();
            double train = InferenceTiming.seconds(trainStep, steps);
            long growth = residentBytes() - rssBefore;
            int threads = Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads", "0"));
            long multiplyAdds = GraphCompiler.canCompile(net) ? GraphCost.multiplyAdds(GraphCompiler.compile(net)) : 0;
            try (CompiledRunner runner = CompiledRunner.open(net, InferenceRuntime.configured())) {
                InferenceTiming infer = InferenceTiming.measure(
                        n -> RuntimeBenchmark.logits(net, pixels, n, runner::logits), batch, steps);
                return new Result(model, size, batch, threads, batch / train, runner.runtime(), infer.imagesPerSecond(),
                        infer.batch1Millis(), net.parameterCount(), multiplyAdds, growth);
            }
        }
    }


    /** The measured network: {@code model} at {@code size}² RGB in [-1, 1], two classes, seed 0. */
    static Network network(String model, int size) {
        return Network.create(ArchitectureRegistry.defaults(), ArchitectureSpec.named(model),
                new ImageSpec(size, 3, Normalization.SYMMETRIC), List.of("a", "b"), 0);
    }

    /** Random pixels in [-1, 1] for {@code batch} images of {@code spec}, the same every run. */
    static float[] randomBatch(ImageSpec spec, int batch) {
        Random random = new Random(0);
        float[] pixels = new float[batch * spec.tensorLength()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat() * 2 - 1;
        }
        return pixels;
    }

    /** One training step as the training loop takes it: forward, cross-entropy on two classes, backward, update. */
    static Runnable trainingStep(Network net, float[] pixels, int batch, Optimizer optimizer) {
        ImageSpec spec = net.input();
        int[] y = IntStream.range(0, batch).map(i -> i % 2).toArray();
        Loss loss = Loss.softmaxCrossEntropyLoss();
        return () -> {
            try (NDManager step = net.manager().newSubManager()) {
                NDArray x = step.create(FloatBuffer.wrap(pixels),
                        new Shape(batch, spec.channels(), spec.size(), spec.size()));
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray l = loss.evaluate(new NDList(step.create(y)), new NDList(net.forward(x, true)));
                    gc.backward(l);
                }
                optimizer.step(net, 1e-3f, step);
            }
        };
    }

    /** Resident set size from /proc (Linux); 0 where unavailable. */
    static long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
