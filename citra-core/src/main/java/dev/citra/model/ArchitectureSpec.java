package dev.citra.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What network to build: a registry name plus the options it takes. Stored in every model
 * bundle, so the same network can be rebuilt to load its weights.
 *
 * @param name registry name ({@code simple-cnn}, {@code fer-cnn}, {@code mobilenet_v2},
 *     {@code custom})
 * @param layers the layer list of a {@code custom} network; null otherwise
 * @param dropout dropout rate before the classifier (or after each stage, for {@code fer-cnn});
 *     null for the architecture's default
 * @param width width multiplier ({@code mobilenet_v2} alpha); null for 1.0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArchitectureSpec(String name, List<LayerSpec> layers, Double dropout, Double width) {
    public ArchitectureSpec {
        layers = layers == null ? null : List.copyOf(layers);
    }

    public static ArchitectureSpec named(String name) {
        return new ArchitectureSpec(name, null, null, null);
    }

    /** The dropout to use, or {@code fallback} when none was given. */
    public double dropoutOr(double fallback) {
        return dropout == null ? fallback : dropout;
    }
}
