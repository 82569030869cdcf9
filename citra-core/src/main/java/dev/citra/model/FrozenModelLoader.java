package dev.citra.model;

import java.nio.file.Path;

/**
 * Reads a model file with an engine that citra-core does not carry, for a backbone of the
 * registry (ONNX Runtime for {@code onnx}, in the optional module {@code citra-onnx}). Found at run
 * time with {@link java.util.ServiceLoader}: a module provides one in
 * {@code META-INF/services/dev.citra.model.FrozenModelLoader}.
 */
public interface FrozenModelLoader {
    /** The registry name of the backbone it serves, such as {@code onnx}. */
    String backbone();

    /**
     * Loads {@code file}.
     *
     * @throws dev.citra.CitraException naming the file and how to make a usable one
     */
    FrozenModel load(Path file);
}
