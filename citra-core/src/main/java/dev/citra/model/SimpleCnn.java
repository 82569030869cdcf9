package dev.citra.model;

import ai.djl.nn.Block;
import dev.citra.image.ImageSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, fast CNN for quick experiments and the demo: three stages of two conv-BN-ReLU
 * layers (32, 64, 128 filters) with max pooling between them, then global average pooling,
 * dropout and a dense classifier (about 290k parameters).
 */
final class SimpleCnn implements Architecture {
    @Override
    public String name() {
        return "simple-cnn";
    }

    @Override
    public String description() {
        return "3 stages of 2 conv-BN-ReLU (32/64/128) + global average pool; fast, for small data and the demo";
    }

    /** The demo's 32×32 RGB shapes, 4 classes. */
    @Override
    public DesignInput designInput() {
        return new DesignInput(32, 3, 4);
    }

    @Override
    public Block build(ArchitectureSpec spec, int numClasses, ImageSpec input, KerasNames names) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int filters : new int[] {32, 64, 128}) {
            for (int i = 0; i < 2; i++) {
                layers.add(LayerSpec.conv(filters, 3));
                layers.add(LayerSpec.of("batchnorm"));
                layers.add(LayerSpec.of("relu"));
            }
            if (filters != 128) {
                layers.add(LayerSpec.maxPool(2));
            }
        }
        layers.add(LayerSpec.of("globalavgpool"));
        layers.add(LayerSpec.dropout(spec.dropoutOr(0.3)));
        return Layers.fromList(layers, numClasses);
    }
}
