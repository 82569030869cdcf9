package dev.citra.model;

import ai.djl.nn.SequentialBlock;
import dev.citra.image.ImageSpec;

/**
 * The {@code torchscript} backbone: the TorchScript module named by {@link ArchitectureSpec#file()}
 * ({@code --backbone-file}), loaded trainable; {@code --freeze backbone} freezes it like any
 * other backbone, which also runs it in eval mode. A module that returns (N, C) features (already
 * pooled) is given 1×1 spatial axes, so every head fits on it.
 */
public final class TorchScriptFeatures implements Backbone {
    /** The registry name. */
    public static final String NAME = "torchscript";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a TorchScript .pt module as the backbone (--backbone-file), trainable or frozen";
    }

    @Override
    public SequentialBlock features(ArchitectureSpec spec, ImageSpec input, KerasNames names) {
        TorchScriptBackbone module = TorchScriptBackbone.load(
                FileBackbones.file(spec, "backbone.pt (saved with torch.jit.save(torch.jit.script(model), 'backbone.pt'))"),
                true);
        return FileBackbones.features(module.block(), module, spec, input, names);
    }

    /** Not known without the module and the input size; the probe in {@link #features} finds it. */
    @Override
    public int featureChannels(ArchitectureSpec spec) {
        throw new UnsupportedOperationException("a TorchScript module's channels are found when it is built");
    }

    @Override
    public int minInputSize() {
        return 1;
    }
}
