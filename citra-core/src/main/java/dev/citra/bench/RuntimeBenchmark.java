package dev.citra.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.citra.eval.InferenceTiming;
import dev.citra.graph.GraphCompiler;
import dev.citra.graph.GraphRuntimes;
import dev.citra.graph.GraphSession;
import dev.citra.graph.InferenceGraph;
import dev.citra.graph.TorchGraph;
import dev.citra.image.ImageSpec;
import dev.citra.infer.InferenceRuntime;
import dev.citra.model.Network;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Measures one network's inference in each runtime {@code Classifier} can use: the network as it
 * is (eager), its compiled graph in libtorch, and the compiled graph in ONNX Runtime when
 * {@code citra-onnx} is on the class path; with the largest difference from the eager logits.
 */
public final class RuntimeBenchmark {
    private RuntimeBenchmark() {}

    /**
     * One runtime's figures.
     *
     * @param maxDifference the largest absolute difference of its logits from the eager network's
     */
    public record Result(String model, int size, InferenceRuntime runtime, int batch, double imagesPerSecond,
            double batch1Millis, double maxDifference) {}

    /** Runs each available runtime for {@code steps} timed batches after a warm-up. */
    public static List<Result> run(String model, int size, int batch, int steps) {
        List<Result> results = new ArrayList<>();
        try (Network net = ModelBenchmark.network(model, size)) {
            float[] pixels = ModelBenchmark.randomBatch(net.input(), batch);
            float[] reference = logits(net, pixels, batch, x -> net.forward(x, false));
            results.add(measure(model, size, InferenceRuntime.EAGER, batch, steps, reference,
                    n -> logits(net, pixels, n, x -> net.forward(x, false))));
            InferenceGraph graph = GraphCompiler.compile(net);
            try (TorchGraph torch = new TorchGraph(graph, net.manager())) {
                results.add(measure(model, size, InferenceRuntime.TORCH, batch, steps, reference,
                        n -> logits(net, pixels, n, torch::forward)));
            }
            int threads = Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads",
                    String.valueOf(Runtime.getRuntime().availableProcessors())));
            var ort = GraphRuntimes.find(InferenceRuntime.ONNXRUNTIME.id());
            if (ort.isPresent()) {
                try (GraphSession session = ort.get().open(graph, 2, threads)) {
                    results.add(measure(model, size, InferenceRuntime.ONNXRUNTIME, batch, steps, reference,
                            n -> session.logits(pixels, n)));
                }
            }
        }
        return results;
    }

    private interface Pass {
        float[] logits(int n);
    }

    private static Result measure(String model, int size, InferenceRuntime runtime, int batch, int steps,
            float[] reference, Pass pass) {
        float[] out = pass.logits(batch);
        double diff = 0;
        for (int i = 0; i < reference.length; i++) {
            diff = Math.max(diff, Math.abs(reference[i] - out[i]));
        }
        IntConsumer forward = pass::logits;
        InferenceTiming t = InferenceTiming.measure(forward, batch, steps);
        return new Result(model, size, runtime, batch, t.imagesPerSecond(), t.batch1Millis(), diff);
    }

    /** The logits {@code forward} gives for the first {@code n} images of {@code pixels}, in a per-step manager. */
    static float[] logits(Network net, float[] pixels, int n,
            java.util.function.UnaryOperator<NDArray> forward) {
        ImageSpec in = net.input();
        try (NDManager step = net.manager().newSubManager()) {
            NDArray x = step.create(FloatBuffer.wrap(pixels, 0, n * in.tensorLength()),
                    new Shape(n, in.channels(), in.size(), in.size()));
            return forward.apply(x).toFloatArray();
        }
    }
}
