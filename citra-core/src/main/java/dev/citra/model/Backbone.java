package dev.citra.model;

import ai.djl.nn.SequentialBlock;
import dev.citra.image.ImageSpec;

/**
 * A convolutional base laid out as Keras Applications builds it with {@code include_top=False,
 * pooling=None}: the same layers, in the same order, under the same names, so that Keras ImageNet
 * weights load into it. {@link BackboneArchitecture} puts a head on it.
 */
public interface Backbone {
    /** The registry name, as Keras's function name in lower case ({@code mobilenet_v2}). */
    String name();

    /** One line for {@code --help} and error messages. */
    String description();

    /**
     * Builds the base: (N, C, H, W) images → (N, {@link #featureChannels}, h, w) features,
     * recording the Keras name of every layer in {@code names}. Its children are the units that
     * partial freezing counts ({@code --trainable-blocks}): the stem, each block, the last layers.
     */
    SequentialBlock features(ArchitectureSpec spec, ImageSpec input, KerasNames names);

    /** Channels of the feature map. */
    int featureChannels(ArchitectureSpec spec);

    /** The smallest input side Keras accepts for this architecture. */
    int minInputSize();

    /** The input side its ImageNet weights were trained at. */
    default int imageNetInputSize() {
        return 224;
    }

    /**
     * The name of the ImageNet classifier in Keras's weight files for this backbone
     * ({@code predictions}; the DenseNet and ResNet50 files call it {@code fc1000}).
     */
    default String classifierName() {
        return "predictions";
    }

    /** Whether the spec's {@code width} multiplier changes this backbone. */
    default boolean takesWidth() {
        return false;
    }

    /** Keras's name for the global average pooling of {@code include_top=True}. */
    default String poolingName() {
        return "avg_pool";
    }
}
