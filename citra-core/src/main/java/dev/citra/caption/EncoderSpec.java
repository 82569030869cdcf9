package dev.citra.caption;

import dev.citra.image.ImageSpec;

/**
 * The frozen image encoder of a captioner: which backbone, at what input, and what it gives.
 *
 * @param architecture the backbone's name ({@code mobilenet_v2}, {@code resnet50}, ...)
 * @param input the input it was run at (size, channels, normalisation)
 * @param weights where its weights came from (a file name, {@code imagenet}, or null: random)
 * @param channels the feature channels (D)
 * @param gridHeight the feature grid's height
 * @param gridWidth the feature grid's width
 */
public record EncoderSpec(String architecture, ImageSpec input, String weights, int channels, int gridHeight,
        int gridWidth) {
    /** One image's features as a decoder of {@code kind} reads them: (D), or (regions, D) for attention. */
    public ai.djl.ndarray.types.Shape featureShape(DecoderKind kind) {
        return kind.usesGrid() ? new ai.djl.ndarray.types.Shape(regions(), channels)
                : new ai.djl.ndarray.types.Shape(channels);
    }

    /** The grid's cells, the regions attention weighs. */
    public int regions() {
        return gridHeight * gridWidth;
    }
}
