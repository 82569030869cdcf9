package dev.citra.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.citra.CitraException;
import dev.citra.graph.GraphRuntime;
import dev.citra.graph.GraphSession;
import dev.citra.graph.InferenceGraph;
import dev.citra.graph.OnnxWriter;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Runs compiled graphs in ONNX Runtime: the graph is written as ONNX in memory
 * ({@link OnnxWriter}) and loaded as a session with every graph optimisation on.
 */
public final class OrtGraphRuntime implements GraphRuntime {
    /** The name {@code --runtime} and {@code citra.runtime} use. */
    public static final String NAME = "onnxruntime";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public GraphSession open(InferenceGraph graph, int classes, int threads) {
        return open(OnnxWriter.toBytes(graph, classes, Map.of()), graph, threads);
    }

    /** A session for an ONNX model file's bytes made by {@link OnnxWriter} from {@code graph}. */
    static GraphSession open(byte[] model, InferenceGraph graph, int threads) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(Math.max(1, threads));
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            return new Session(env, env.createSession(model, options), graph.input().channels(), graph.input().size());
        } catch (OrtException e) {
            throw new CitraException("ONNX Runtime cannot load the compiled model (" + e.getMessage()
                    + "): run it with --runtime torch and report the model's architecture.", e);
        }
    }

    private static final class Session implements GraphSession {
        private final OrtEnvironment env;
        private final OrtSession session;
        private final long[] imageShape;
        // ONNX Runtime copies a heap buffer into a new direct buffer per call, freed only when the garbage
        // collector gets to it: a busy server grew 40 MB a minute outside its heap. One reused buffer instead.
        private FloatBuffer input;

        Session(OrtEnvironment env, OrtSession session, int channels, int size) {
            this.env = env;
            this.session = session;
            this.imageShape = new long[] {channels, size, size};
        }

        @Override
        public synchronized float[] logits(float[] pixels, int n) {
            long[] shape = {n, imageShape[0], imageShape[1], imageShape[2]};
            int length = Math.toIntExact(n * imageShape[0] * imageShape[1] * imageShape[2]);
            if (input == null || input.capacity() < length) {
                input = java.nio.ByteBuffer.allocateDirect(length * Float.BYTES).order(java.nio.ByteOrder.nativeOrder())
                        .asFloatBuffer();
            }
            input.clear();
            input.put(pixels, 0, length).flip();
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
                    OrtSession.Result result = session.run(Map.of(OnnxWriter.INPUT, tensor),
                            java.util.Set.of(OnnxWriter.LOGITS))) {
                FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
                float[] logits = new float[out.remaining()];
                out.get(logits);
                return logits;
            } catch (OrtException e) {
                throw new CitraException("ONNX Runtime failed on a batch of " + n + " images: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("Could not free the ONNX Runtime session", e);
            }
        }
    }
}
