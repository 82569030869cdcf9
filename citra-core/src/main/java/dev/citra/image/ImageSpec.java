package dev.citra.image;

import dev.citra.CitraException;
import java.util.Objects;

/**
 * The input a network expects: a square side in pixels, 1 (grey) or 3 (RGB) channels, a
 * normalisation, how other shapes are resized, and whether colour images are turned grey first.
 * Tensors are laid out channels-first (C, H, W).
 *
 * @param grey convert to grey (BT.601 luma) before anything else; always true for 1 channel, and
 *     with 3 channels the grey value fills all three (a grey data set on an RGB backbone)
 * @param blur the standard deviation, in pixels of the resized input, of a Gaussian blur applied after
 *     resizing (0: none); a model trained on blurrier images than it is shown keeps one
 */
public record ImageSpec(int size, int channels, Normalization normalization, ResizeMode resize, boolean grey,
        double blur) {
    /** The largest blur accepted, in pixels of the input: beyond it a face or an eye is a smudge. */
    public static final double MAX_BLUR = 10;

    public ImageSpec {
        if (size < 8 || size > 1024) {
            throw new CitraException("Image size " + size + " is out of range: use 8 to 1024 pixels.");
        }
        if (channels != 1 && channels != 3) {
            throw new CitraException("Channels must be 1 (grey) or 3 (RGB), not " + channels + ".");
        }
        Objects.requireNonNull(normalization, "normalization");
        resize = resize == null ? ResizeMode.STRETCH : resize;
        grey = grey || channels == 1;
        if (!(blur >= 0 && blur <= MAX_BLUR)) {
            throw new CitraException("Blur " + blur + " is out of range: use 0 (none) to " + (int) MAX_BLUR
                    + " pixels.");
        }
    }

    /** An input without blur. */
    public ImageSpec(int size, int channels, Normalization normalization, ResizeMode resize, boolean grey) {
        this(size, channels, normalization, resize, grey, 0);
    }

    /** A stretched input, grey when it has 1 channel. */
    public ImageSpec(int size, int channels, Normalization normalization) {
        this(size, channels, normalization, ResizeMode.STRETCH, channels == 1);
    }

    /** The same input with another normalisation. */
    public ImageSpec withNormalization(Normalization other) {
        return new ImageSpec(size, channels, other, resize, grey, blur);
    }

    /** The same input with another blur. */
    public ImageSpec withBlur(double sigma) {
        return new ImageSpec(size, channels, normalization, resize, grey, sigma);
    }

    /** Number of floats in one image tensor. */
    public int tensorLength() {
        return channels * size * size;
    }
}
