package dev.citra.image;

import dev.citra.CitraException;
import java.util.Arrays;
import java.util.Locale;

/**
 * How an image of any shape becomes the square network input. Stored with every model so that
 * prediction frames images as training did.
 */
public enum ResizeMode implements dev.citra.util.Choice {
    /** Both sides to the input size, whatever the aspect ratio: Keras {@code load_img(target_size=...)}. */
    STRETCH,
    /**
     * Keep the aspect ratio: the long side becomes the input size and the image is centred on
     * black (pixel value 0, before normalisation), as {@code tf.image.resize_with_pad}.
     */
    PAD,
    /**
     * Keep the aspect ratio: the centred square of the short side is resized to the input size,
     * as Keras {@code load_img(target_size=..., keep_aspect_ratio=True)}.
     */
    CROP;

    /** The lower-case name used in flags and files. */
    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a flag or file value (null means {@link #STRETCH}, what bundles without the field used). */
    public static ResizeMode parse(String text) {
        if (text == null) {
            return STRETCH;
        }
        for (ResizeMode m : values()) {
            if (m.id().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new CitraException("Unknown resize mode '" + text + "': use one of "
                + Arrays.stream(values()).map(ResizeMode::id).toList() + ".");
    }
}
