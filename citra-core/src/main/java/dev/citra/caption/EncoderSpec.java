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
    /** The grid's cells, the regions attention weighs. */
    public int regions() {
        return gridHeight * gridWidth;
    }
}
