package dev.citra.model;

import ai.djl.nn.Block;
import dev.citra.image.ImageSpec;

/** A network declared as a layer list in the config ({@code layers:}). */
final class CustomCnn implements Architecture {
    @Override
    public String name() {
        return "custom";
    }

    @Override
    public String description() {
        return "your own layer list from the config: conv, batchnorm, relu/relu6, max/avg pool, global pools, dropout, dense, flatten";
    }

    @Override
    public Block build(ArchitectureSpec spec, int numClasses, ImageSpec input, KerasNames names) {
        return Layers.fromList(spec.layers(), numClasses);
    }
}
