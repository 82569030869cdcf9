package dev.citra.onnx;

import dev.citra.model.FrozenModel;
import dev.citra.model.FrozenModelLoader;
import dev.citra.model.OnnxFeatures;
import java.nio.file.Path;

/** Serves the registry's {@code onnx} backbone: the file runs in ONNX Runtime ({@link OnnxBackbone}). */
public final class OnnxModelLoader implements FrozenModelLoader {
    @Override
    public String backbone() {
        return OnnxFeatures.NAME;
    }

    @Override
    public FrozenModel load(Path file) {
        return OnnxBackbone.load(file);
    }
}
