package dev.citra.graph;

/**
 * A runtime other than libtorch that runs compiled graphs (ONNX Runtime, in {@code citra-onnx}).
 * Found on the class path with {@link java.util.ServiceLoader}: a module lists its class in
 * {@code META-INF/services/dev.citra.graph.GraphRuntime}; see {@link GraphRuntimes}.
 */
public interface GraphRuntime {
    /** The name users pick it by ({@code onnxruntime}). */
    String name();

    /** Prepares the graph to run; {@code threads} is the number of threads a pass may use. */
    GraphSession open(InferenceGraph graph, int classes, int threads);
}
