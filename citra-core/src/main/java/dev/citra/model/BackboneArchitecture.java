package dev.citra.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import dev.citra.CitraException;
import dev.citra.image.ImageSpec;
import java.util.List;

/**
 * A {@link Backbone} with a head ({@link HeadSpec}) on top. The network's first child is the
 * backbone, the rest is the head, which is what freezing relies on. With the default head and
 * 1000 classes this is Keras's {@code include_top=True} model, so a full ImageNet weight file
 * loads into it, classifier included.
 */
public final class BackboneArchitecture implements Architecture {
    /** The prefix of the Keras names of head layers that no Keras Applications file has. */
    public static final String NEW_LAYER_PREFIX = "head_";

    private final Backbone backbone;

    public BackboneArchitecture(Backbone backbone) {
        this.backbone = backbone;
    }

    public Backbone backbone() {
        return backbone;
    }

    @Override
    public String name() {
        return backbone.name();
    }

    @Override
    public String description() {
        return backbone.description();
    }

    @Override
    public boolean takesWidth() {
        return backbone.takesWidth();
    }

    /** Keras's include_top=True model: ImageNet's input size, RGB, 1000 classes. */
    @Override
    public DesignInput designInput() {
        return new DesignInput(backbone.imageNetInputSize(), 3, 1000);
    }

    @Override
    public Block build(ArchitectureSpec spec, int numClasses, ImageSpec input, KerasNames names) {
        if (input.size() < backbone.minInputSize()) {
            throw new CitraException(name() + " needs input of at least " + backbone.minInputSize() + "x"
                    + backbone.minInputSize() + " pixels, not " + input.size() + ": use a larger --img-size.");
        }
        SequentialBlock net = new SequentialBlock();
        net.add(backbone.features(spec, input, names));
        HeadSpec head = spec.headOrDefault();
        if (head.hasBatchnorm()) {
            // Keras BatchNormalization() defaults.
            net.add(names.add(Layers.batchNorm(1e-3f, 0.99f), NEW_LAYER_PREFIX + "batchnorm"));
        }
        switch (head.poolingOrAvg()) {
            case "avg" -> net.add(names.add(Pool.globalAvgPool2dBlock(), backbone.poolingName()));
            case "max" -> net.add(names.add(Pool.globalMaxPool2dBlock(), "max_pool"));
            case "flatten" -> net.add(names.add(Blocks.batchFlattenBlock(), "flatten"));
            default -> throw new IllegalStateException(head.pooling());
        }
        List<Integer> hidden = head.hiddenOrNone();
        for (int i = 0; i < hidden.size(); i++) {
            net.add(names.add(Linear.builder().setUnits(hidden.get(i)).build(), NEW_LAYER_PREFIX + "dense_" + (i + 1)));
            net.add(names.add(Activation.reluBlock(), NEW_LAYER_PREFIX + "relu_" + (i + 1)));
        }
        double dropout = spec.dropoutOr(0.2);
        if (dropout > 0) {
            net.add(names.add(Dropout.builder().optRate((float) dropout).build(), NEW_LAYER_PREFIX + "dropout"));
        }
        net.add(names.add(Linear.builder().setUnits(numClasses).build(), backbone.classifierName()));
        return net;
    }
}
