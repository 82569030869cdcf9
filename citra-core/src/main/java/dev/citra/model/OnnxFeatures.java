package dev.citra.model;

import ai.djl.nn.SequentialBlock;
import dev.citra.image.ImageSpec;

/**
 * The {@code onnx} backbone: the ONNX model named by {@link ArchitectureSpec#file()}
 * ({@code --backbone-file}) as a frozen feature extractor ({@link OnnxBackbone}); only the head
 * trains, on features the run caches once when it can.
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
        OnnxBackbone model = OnnxBackbone.load(FileBackbones.file(spec, "backbone.onnx (from torch.onnx.export)"));
        return FileBackbones.features(model, model, spec, input, names);
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
