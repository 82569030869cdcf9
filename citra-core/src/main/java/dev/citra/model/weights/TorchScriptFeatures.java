package dev.citra.model.weights;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Backbone;
import dev.citra.model.KerasNames;
import dev.citra.model.ShapedLambdaBlock;
import java.nio.file.Path;

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
        TorchScriptBackbone module = TorchScriptBackbone.load(file(spec), true);
        Block block = module.block();
        Shape out;
        try {
            out = block.getOutputShapes(new Shape[] {new Shape(1, input.channels(), input.size(), input.size())})[0];
        } catch (RuntimeException e) {
            module.close();
            throw new CitraException("TorchScript file " + spec.file() + " does not take " + input.channels() + "x"
                    + input.size() + "x" + input.size() + " images (" + e.getMessage().lines().findFirst().orElse("")
                    + "): set --img-size and --channels to what the module expects.", e);
        }
        SequentialBlock features = new SequentialBlock();
        features.add(names.add(block, NAME));
        if (out.dimension() == 2) {
            features.add(new ShapedLambdaBlock(x -> x.reshape(x.getShape().get(0), x.getShape().get(1), 1, 1),
                    "Reshape", s -> new Shape(s.get(0), s.get(1), 1, 1)));
        } else if (out.dimension() != 4) {
            module.close();
            throw new CitraException("TorchScript file " + spec.file() + " returns " + out + " for one image, not (1, C)"
                    + " or (1, C, H, W) features: script a module whose forward returns the feature map.");
        }
        return features;
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

    private static Path file(ArchitectureSpec spec) {
        if (spec.file() == null) {
            throw new CitraException("--model torchscript needs the module: pass --backbone-file backbone.pt (a file"
                    + " saved with torch.jit.save(torch.jit.script(model), 'backbone.pt')).");
        }
        return Path.of(spec.file());
    }
}
