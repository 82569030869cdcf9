package dev.citra.data;

import dev.citra.CitraException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How to read a data set: its format ({@code --format}, detected by default) and the choices a
 * format offers. Every value may be left out (null) for the format's default.
 *
 * @param format the layout, or {@link DataFormat#AUTO} to detect it
 * @param label what to label by: an MRL Eye file-name field ({@code eye_state} by default) or a
 *     CelebA attribute ({@code Male} by default); null for the format's default; image folders
 *     and FER-2013 take no other labels than their own
 * @param eye which eye a CelebA crop shows; null for {@link CelebAEyesSource#DEFAULT_EYE}
 * @param eyeMargin the margin around CelebA eye crops, a fraction of the inter-ocular distance; null
 *     for {@link CelebAEyesSource#DEFAULT_MARGIN}
 */
public record DataOptions(DataFormat format, String label, EyeRegion eye, Double eyeMargin) {
    public DataOptions {
        format = format == null ? DataFormat.AUTO : format;
        // The eye and margin stay null unless given, so that a format without crops can tell a request from a default.
        if (eyeMargin != null && !(eyeMargin > 0 && eyeMargin <= 5)) {
            throw new CitraException(String.format(Locale.ROOT,
                    "--eye-margin must be above 0 and at most 5 (a fraction of the distance between the eyes), not %s.",
                    eyeMargin));
        }
    }

    /** Detect the format; every format's default labels. */
    public static DataOptions defaults() {
        return new DataOptions(DataFormat.AUTO, null, null, null);
    }

    /** The options as flags and config keys give them (any may be null). */
    public static DataOptions of(String format, String label, String eye, Double eyeMargin) {
        return new DataOptions(DataFormat.parse(format), label, eye == null ? null : EyeRegion.parse(eye), eyeMargin);
    }

    /** The same options with another format. */
    public DataOptions withFormat(DataFormat other) {
        return new DataOptions(other, label, eye, eyeMargin);
    }

    /**
     * Refuses {@code --label} for a format labelled only one way: other labels make sense only for
     * MRL Eye names and CelebA attributes.
     */
    void requireNoLabel(Path path, DataFormat format, String labelledBy) {
        if (label != null) {
            throw new CitraException("--label " + label + " does not apply to " + path + " (" + format.id()
                    + ", labelled by " + labelledBy + "): --label picks a field of MRL Eye file names (mrl-eye) or a"
                    + " CelebA attribute (celeba-eyes).");
        }
    }

    /** The eye a CelebA crop shows: the one given, else the default. */
    public EyeRegion eyeOrDefault() {
        return eye != null ? eye : CelebAEyesSource.DEFAULT_EYE;
    }

    /** The margin around CelebA eye crops: the one given, else the default. */
    public double eyeMarginOrDefault() {
        return eyeMargin != null ? eyeMargin : CelebAEyesSource.DEFAULT_MARGIN;
    }

    /**
     * Refuses {@code --eye} and {@code --eye-margin} for a format that is not cut into eye crops:
     * only CelebA photos are, every other layout's images are used whole.
     */
    void requireNoEyeCrop(Path path, DataFormat format) {
        List<String> given = new ArrayList<>();
        if (eye != null) {
            given.add("--eye " + eye.id());
        }
        if (eyeMargin != null) {
            given.add("--eye-margin " + eyeMargin);
        }
        if (!given.isEmpty()) {
            boolean one = given.size() == 1;
            throw new CitraException(String.join(" and ", given) + (one ? " does" : " do") + " not apply to " + path
                    + " (" + format.id() + "): only CelebA photos (celeba-eyes) are cut into eye crops; drop "
                    + (one ? "it." : "them."));
        }
    }
}
