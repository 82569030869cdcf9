package dev.citra.model;

import ai.djl.nn.Block;
import dev.citra.image.ImageSpec;

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
}
