package dev.citra.model;

import ai.djl.nn.SequentialBlock;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * The {@code onnx} backbone: the ONNX model named by {@link ArchitectureSpec#file()}
 * ({@code --backbone-file}) as a frozen feature extractor, run by ONNX Runtime through the
 * {@link FrozenModelLoader} of the module {@code citra-onnx}; only the head trains, on features the
 * run caches once when it can.
 */
public final class OnnxFeatures implements Backbone {
    /** The registry name. */
    public static final String NAME = "onnx";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "an ONNX model as a frozen feature extractor (--backbone-file), run by OnnxRuntime";
    }

    @Override
    public SequentialBlock features(ArchitectureSpec spec, ImageSpec input, KerasNames names) {
        Path file = FileBackbones.file(spec, "backbone.onnx (from torch.onnx.export)");
        FrozenModel model = loader().load(file);
        return FileBackbones.features(model, model, spec, input, names);
    }

    /** ONNX Runtime is an optional module, found on the class path when it is there. */
    private static FrozenModelLoader loader() {
        for (FrozenModelLoader loader : ServiceLoader.load(FrozenModelLoader.class)) {
            if (loader.backbone().equals(NAME)) {
                return loader;
            }
        }
        throw new CitraException("--model onnx needs ONNX Runtime, which comes in the optional module citra-onnx: add"
                + " the dependency dev.citra:citra-onnx (the citra command has it).");
    }

    /** Not known without the model and the input size; the probe in {@link #features} finds it. */
    @Override
    public int featureChannels(ArchitectureSpec spec) {
        throw new UnsupportedOperationException("an ONNX model's channels are found when it is built");
    }

    @Override
    public int minInputSize() {
        return 1;
    }
}
