package dev.citra.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What network to build: a registry name plus the options it takes. Stored in every model
 * bundle, so the same network can be rebuilt to load its weights.
 *
 * @param name registry name ({@code simple-cnn}, {@code fer-cnn}, {@code mobilenet_v2},
 *     {@code custom}, ...)
 * @param layers the layer list of a {@code custom} network; null otherwise
 * @param dropout dropout rate before the classifier (or after each stage, for {@code fer-cnn});
 *     null for the architecture's default
 * @param width width multiplier ({@code mobilenet_v2} alpha); null for 1.0
 * @param head the head on top of a backbone; null for the default (global average pooling,
 *     dropout, dense)
 * @param file the backbone file of a {@code torchscript} network ({@code .pt}); in a bundle,
 *     relative to the bundle folder; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArchitectureSpec(String name, List<LayerSpec> layers, Double dropout, Double width, HeadSpec head,
        String file) {
    public ArchitectureSpec {
        layers = layers == null ? null : List.copyOf(layers);
    }

    /** A spec without a backbone file. */
    public ArchitectureSpec(String name, List<LayerSpec> layers, Double dropout, Double width, HeadSpec head) {
        this(name, layers, dropout, width, head, null);
    }

    /** A spec without a head of its own. */
    public ArchitectureSpec(String name, List<LayerSpec> layers, Double dropout, Double width) {
        this(name, layers, dropout, width, null, null);
    }

    public static ArchitectureSpec named(String name) {
        return new ArchitectureSpec(name, null, null, null, null, null);
    }

    /** The same spec with another backbone file. */
    public ArchitectureSpec withFile(String newFile) {
        return new ArchitectureSpec(name, layers, dropout, width, head, newFile);
    }

    /** The dropout to use, or {@code fallback} when none was given. */
    public double dropoutOr(double fallback) {
        return dropout == null ? fallback : dropout;
    }

    /** The head to build: the given one, or the default. */
    public HeadSpec headOrDefault() {
        return head == null ? HeadSpec.DEFAULT : head;
    }
}
