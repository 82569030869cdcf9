package dev.citra.image;

import dev.citra.CitraException;

/**
 * The input a network expects: a square side in pixels, 1 (grey) or 3 (RGB) channels and a
 * normalisation. Tensors are laid out channels-first (C, H, W).
 */
public record ImageSpec(int size, int channels, Normalization normalization) {
    public ImageSpec {
        if (size < 8 || size > 1024) {
            throw new CitraException("Image size " + size + " is out of range: use 8 to 1024 pixels.");
        }
        if (channels != 1 && channels != 3) {
            throw new CitraException("Channels must be 1 (grey) or 3 (RGB), not " + channels + ".");
        }
    }

    /** Number of floats in one image tensor. */
    public int tensorLength() {
        return channels * size * size;
    }
}
