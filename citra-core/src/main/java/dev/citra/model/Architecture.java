package dev.citra.model;

import ai.djl.nn.Block;
import dev.citra.image.ImageSpec;
import java.util.ArrayList;
import java.util.List;

/** A network family the registry can build: from a spec, a class count and an input. */
public interface Architecture {
    /** The registry name. */
    String name();

    /** One line for {@code --help} and error messages. */
    String description();

    /** Whether the spec's {@code width} multiplier changes this architecture (only mobilenet_v2's alpha). */
    default boolean takesWidth() {
        return false;
    }

    /** The input and class count an architecture is made for. */
    record DesignInput(int size, int channels, int classes) {}

    /**
     * What the architecture is made for, shown when nothing else is asked for
     * ({@code citra model summary}): ImageNet's 224×224 RGB and 1000 classes unless it says otherwise.
     */
    default DesignInput designInput() {
        return new DesignInput(224, 3, 1000);
    }

    /**
     * Builds an uninitialised network that maps (N, C, H, W) images to (N, classes) logits,
     * recording the Keras name of each layer in {@code names} when the architecture has a Keras
     * layout.
     */
    Block build(ArchitectureSpec spec, int numClasses, ImageSpec input, KerasNames names);

    /** Builds the network without recording names. */
    default Block build(ArchitectureSpec spec, int numClasses, ImageSpec input) {
        return build(spec, numClasses, input, new KerasNames());
    }

    /**
     * The Keras name of every layer of the network, in {@link Layers#nodes} order, null where a
     * layer has none; all null when the architecture has no Keras layout.
     */
    default List<String> layerNames(ArchitectureSpec spec, int numClasses, ImageSpec input) {
        KerasNames names = new KerasNames();
        Block block = build(spec, numClasses, input, names);
        List<String> out = new ArrayList<>();
        for (Block node : Layers.nodes(block)) {
            out.add(names.of(node));
        }
        return out;
    }

    /**
     * The Keras names of the weighted layers (those with parameters), in parameter order, so that
     * Keras weights can be imported; the classifier is {@code predictions}. Empty when the
     * architecture has no Keras layout.
     */
    default List<String> kerasLayerNames(ArchitectureSpec spec, int numClasses, ImageSpec input) {
        KerasNames names = new KerasNames();
        Block block = build(spec, numClasses, input, names);
        if (names.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Block node : Layers.nodes(block)) {
            if (!node.getDirectParameters().isEmpty()) {
                String name = names.of(node);
                if (name == null) {
                    throw new IllegalStateException(name() + " has a weighted " + node.getClass().getSimpleName()
                            + " without a Keras name");
                }
                out.add(name);
            }
        }
        return List.copyOf(out);
    }
}
