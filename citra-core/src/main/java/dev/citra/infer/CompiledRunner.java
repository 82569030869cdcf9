package dev.citra.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.citra.CitraException;
import dev.citra.graph.GraphCompiler;
import dev.citra.graph.GraphRuntime;
import dev.citra.graph.GraphRuntimes;
import dev.citra.graph.GraphSession;
import dev.citra.graph.InferenceGraph;
import dev.citra.graph.TorchGraph;
import dev.citra.model.Network;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How a {@link Classifier} turns a batch of images into logits, in the runtime it was given:
 * the network itself, or its compiled graph in libtorch or ONNX Runtime. Close it to free a
 * compiled graph (the network stays its owner's).
 */
public final class CompiledRunner implements AutoCloseable {
    /**
     * What {@link InferenceRuntime#AUTO} picks for a model that compiles. Measured with
     * {@code citra bench --runtimes} on 2 cores (see the README): ONNX Runtime when it is on
     * the class path, else libtorch's compiled graph.
     */
    private static final InferenceRuntime PREFERRED = InferenceRuntime.ONNXRUNTIME;

    private final InferenceRuntime runtime;
    private final UnaryOperator<NDArray> logits;
    private final AutoCloseable resource;

    private CompiledRunner(InferenceRuntime runtime, UnaryOperator<NDArray> logits, AutoCloseable resource) {
        this.runtime = runtime;
        this.logits = logits;
        this.resource = resource;
    }

    /** Compiles {@code network} for {@code wanted} ({@link InferenceRuntime#AUTO}: the fastest available here). */
    public static CompiledRunner open(Network network, InferenceRuntime wanted) {
        InferenceRuntime runtime = resolve(network, wanted);
        if (runtime == InferenceRuntime.EAGER) {
            return new CompiledRunner(runtime, x -> network.forward(x, false), () -> {});
        }
        InferenceGraph graph = GraphCompiler.compile(network);
        if (runtime == InferenceRuntime.TORCH) {
            TorchGraph torch = new TorchGraph(graph, network.manager());
            return new CompiledRunner(runtime, torch::forward, torch);
        }
        int classes = network.labels().size();
        GraphSession session = onnxRuntime().orElseThrow().open(graph, classes, threads());
        UnaryOperator<NDArray> run = x -> {
            int n = Math.toIntExact(x.getShape().get(0));
            return x.getManager().create(session.logits(x.toFloatArray(), n), new Shape(n, classes));
        };
        return new CompiledRunner(runtime, run, session);
    }

    private static InferenceRuntime resolve(Network network, InferenceRuntime wanted) {
        if (wanted == InferenceRuntime.AUTO) {
            if (!GraphCompiler.canCompile(network)) {
                return InferenceRuntime.EAGER;
            }
            if (!network.manager().getDevice().isGpu()) {
                return PREFERRED == InferenceRuntime.ONNXRUNTIME && onnxRuntime().isEmpty() ? InferenceRuntime.TORCH
                        : PREFERRED;
            }
            // citra-onnx bundles ONNX Runtime's CPU build: on a GPU, libtorch runs the compiled graph.
            return InferenceRuntime.TORCH;
        }
        if (wanted == InferenceRuntime.ONNXRUNTIME && onnxRuntime().isEmpty()) {
            throw new CitraException("The onnxruntime runtime needs citra-onnx on the class path: add it, or use"
                    + " --runtime torch.");
        }
        return wanted;
    }

    private static Optional<GraphRuntime> onnxRuntime() {
        return GraphRuntimes.find(InferenceRuntime.ONNXRUNTIME.id());
    }

    /** As many threads as libtorch uses, so that the runtimes compare fairly and share the cores alike. */
    private static int threads() {
        String torch = System.getProperty("ai.djl.pytorch.num_threads");
        return torch == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(torch);
    }

    /** The runtime it runs in ({@link InferenceRuntime#AUTO} resolved). */
    public InferenceRuntime runtime() {
        return runtime;
    }

    /** The logits of a batch of pre-processed images (N, C, H, W). */
    public NDArray logits(NDArray images) {
        return logits.apply(images);
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not free the compiled model", e);
        }
    }
}
