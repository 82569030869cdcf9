package dev.citra.image;

import dev.citra.CitraException;
import java.util.Arrays;
import java.util.Locale;

/**
 * How pixel values (0–255) become network inputs. Stored with every model so that prediction
 * uses exactly what training used.
 */
public enum Normalization {
    /** p / 255, in [0, 1]. */
    UNIT,
    /** (p / 255 − 0.5) · 2, in [−1, 1] (the FER-2013 paper's, and Keras's mobilenet/inception). */
    SYMMETRIC,
    /** p / 255, then ImageNet mean/std per RGB channel (torchvision, Keras "torch" mode). */
    IMAGENET;

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    /**
     * Normalises one 8-bit pixel value of channel {@code channel} (0 = R or grey).
     */
    public float apply(int value, int channel, int channels) {
        float x = value / 255f;
        switch (this) {
            case UNIT:
                return x;
            case SYMMETRIC:
                return (x - 0.5f) * 2f;
            case IMAGENET:
                if (channels == 1) {
                    // A grey image carries the mean of the three channel statistics.
                    return (x - 0.449f) / 0.226f;
                }
                return (x - MEAN[channel]) / STD[channel];
            default:
                throw new IllegalStateException(name());
        }
    }

    /** The lower-case name used in flags and files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a flag or YAML value; the error lists the valid names. */
    public static Normalization parse(String text) {
        for (Normalization n : values()) {
            if (n.id().equalsIgnoreCase(text.trim())) {
                return n;
            }
        }
        throw new CitraException("Unknown normalisation '" + text + "': use one of "
                + Arrays.stream(values()).map(Normalization::id).toList() + ".");
    }
}
