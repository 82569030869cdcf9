package dev.citra.image;

import dev.citra.CitraException;
import java.util.Locale;
import java.util.Map;

/**
 * How pixel values (0–255) become network inputs: the presets of Keras's {@code preprocess_input}.
 * Stored with every model so that prediction uses exactly what training used.
 *
 * <p>Channel indices are those of the network input: for {@link #CAFFE}, which feeds BGR,
 * channel 0 is blue (see {@link #sourceChannel}).
 */
public enum Normalization {
    /** p / 255, in [0, 1]. */
    UNIT,
    /** (p / 255 − 0.5) · 2, in [−1, 1]: Keras "tf" mode (mobilenet_v2, inception_v3) and the FER-2013 paper's. */
    SYMMETRIC,
    /** p / 255, then ImageNet mean/std per RGB channel: Keras "torch" mode (densenet), torchvision. */
    TORCH,
    /** RGB → BGR, minus the ImageNet mean pixel, no scaling: Keras "caffe" mode (resnet50, vgg). */
    CAFFE;

    /** The value of {@code --normalize} that picks the preset of the architecture (see {@link #forBackbone}). */
    public static final String AUTO = "auto";

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};
    /** Caffe's ImageNet mean pixel, in the B, G, R order its inputs have. */
    private static final float[] CAFFE_MEAN_BGR = {103.939f, 116.779f, 123.68f};
    /** A grey image carries the mean of the three channel statistics (as for {@link #TORCH}). */
    private static final float CAFFE_MEAN_GREY = (103.939f + 116.779f + 123.68f) / 3;

    private static final String NAMES = "unit, symmetric (or tf), torch (or imagenet) or caffe";

    /** Older or Keras-style names that mean the same preset. */
    private static final Map<String, Normalization> ALIASES = Map.of("imagenet", TORCH, "tf", SYMMETRIC);

    /**
     * Keras Applications' {@code preprocess_input} per backbone. Keyed by name rather than by
     * architecture class so that backbones added elsewhere need only a line here; an architecture
     * not listed (the custom CNNs) gets {@link #UNIT}.
     */
    private static final Map<String, Normalization> BACKBONES = Map.of(
            "mobilenet_v2", SYMMETRIC,
            "inception_v3", SYMMETRIC,
            "resnet50", CAFFE,
            "densenet121", TORCH,
            "densenet169", TORCH,
            "densenet201", TORCH);

    /**
     * Normalises one 8-bit pixel value for input channel {@code channel} of {@code channels}.
     */
    public float apply(int value, int channel, int channels) {
        float x = value / 255f;
        switch (this) {
            case UNIT:
                return x;
            case SYMMETRIC:
                return (x - 0.5f) * 2f;
            case TORCH:
                if (channels == 1) {
                    // A grey image carries the mean of the three channel statistics.
                    return (x - 0.449f) / 0.226f;
                }
                return (x - MEAN[channel]) / STD[channel];
            case CAFFE:
                return value - (channels == 1 ? CAFFE_MEAN_GREY : CAFFE_MEAN_BGR[channel]);
            default:
                throw new IllegalStateException(name());
        }
    }

    /**
     * The 0–255 pixel value a normalised value stands for: the inverse of {@link #apply}, so that
     * augmentations defined on pixels (brightness) can work on normalised tensors.
     */
    float pixel(float normalised, int channel, int channels) {
        switch (this) {
            case UNIT:
                return normalised * 255f;
            case SYMMETRIC:
                return (normalised / 2f + 0.5f) * 255f;
            case TORCH:
                return channels == 1 ? (normalised * 0.226f + 0.449f) * 255f
                        : (normalised * STD[channel] + MEAN[channel]) * 255f;
            case CAFFE:
                return normalised + (channels == 1 ? CAFFE_MEAN_GREY : CAFFE_MEAN_BGR[channel]);
            default:
                throw new IllegalStateException(name());
        }
    }

    /**
     * Which RGB channel (0 = R, 1 = G, 2 = B) feeds input channel {@code channel}: the same one,
     * except for {@link #CAFFE}, whose networks were trained on BGR images.
     */
    public int sourceChannel(int channel, int channels) {
        return this == CAFFE && channels == 3 ? 2 - channel : channel;
    }

    /** The lower-case name used in flags and files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The preset Keras's {@code preprocess_input} uses for an architecture; {@link #UNIT} for any other. */
    public static Normalization forBackbone(String architecture) {
        return BACKBONES.getOrDefault(architecture.toLowerCase(Locale.ROOT), UNIT);
    }

    /** Parses a flag or YAML value, where {@value #AUTO} means {@link #forBackbone(String) architecture's preset}. */
    public static Normalization resolve(String text, String architecture) {
        if (text.trim().equalsIgnoreCase(AUTO)) {
            return forBackbone(architecture);
        }
        Normalization n = find(text);
        if (n == null) {
            throw new CitraException("Unknown normalisation '" + text + "': use auto (the backbone's own preset), "
                    + NAMES + ".");
        }
        return n;
    }

    /** Parses a preset name or alias (as stored in a bundle); the error lists the valid names. */
    public static Normalization parse(String text) {
        Normalization n = find(text);
        if (n == null) {
            throw new CitraException("Unknown normalisation '" + text + "': use " + NAMES + ".");
        }
        return n;
    }

    private static Normalization find(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT);
        for (Normalization n : values()) {
            if (n.id().equals(key)) {
                return n;
            }
        }
        return ALIASES.get(key);
    }
}
