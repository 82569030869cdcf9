package dev.citra.infer;

import dev.citra.CitraException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What runs a {@link Classifier}'s network: the network as trained ({@code eager}), its compiled
 * inference graph (BatchNorm folded, dropout gone) in libtorch ({@code torch}) or in ONNX Runtime
 * ({@code onnxruntime}, with {@code citra-onnx} on the class path), or the best of those for the
 * model on this machine ({@code auto}). All give the same outputs to 1e-4.
 */
public enum InferenceRuntime {
    /** The compiled graph in the faster runtime here, or the network as it is when it cannot be compiled. */
    AUTO,
    /** The network as trained, layer by layer. */
    EAGER,
    /** The compiled graph in libtorch. */
    TORCH,
    /** The compiled graph in ONNX Runtime. */
    ONNXRUNTIME;

    /** The system property that picks the runtime for every classifier of the process. */
    public static final String PROPERTY = "citra.runtime";
    /** The environment variable read when the property is not set. */
    public static final String ENVIRONMENT = "CITRA_RUNTIME";

    /** The lower-case name used in flags. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a flag value; the error lists the valid ones. */
    public static InferenceRuntime parse(String text) {
        for (InferenceRuntime r : values()) {
            if (r.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new CitraException("Unknown runtime '" + text + "': use "
                + Arrays.stream(values()).map(InferenceRuntime::id).collect(Collectors.joining(", ")) + ".");
    }

    /** The runtime the {@value #PROPERTY} property (or {@value #ENVIRONMENT}) asks for; {@link #AUTO} when neither is set. */
    public static InferenceRuntime configured() {
        String text = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
        return text == null || text.isBlank() ? AUTO : parse(text);
    }
}
