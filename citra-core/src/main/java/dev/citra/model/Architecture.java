package dev.citra.model;

import ai.djl.nn.Block;
import dev.citra.image.ImageSpec;
import java.util.List;

/** A network family the registry can build: from a spec, a class count and an input. */
public interface Architecture {
    /** The registry name. */
    String name();

    /** One line for {@code --help} and error messages. */
    String description();

    /**
     * Builds an uninitialised network that maps (N, C, H, W) images to (N, classes) logits.
     */
    Block build(ArchitectureSpec spec, int numClasses, ImageSpec input);

    /**
     * The Keras names of the weighted layers (those with parameters) of the network {@link #build}
     * makes, in the order their parameters appear, so that Keras weights can be imported; the
     * ImageNet classifier is {@code predictions}. Empty when the architecture has no Keras layout.
     */
    default List<String> kerasLayerNames(ArchitectureSpec spec, int numClasses, ImageSpec input) {
        return List.of();
    }
}
