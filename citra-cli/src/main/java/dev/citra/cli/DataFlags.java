package dev.citra.cli;

import dev.citra.data.DataOptions;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags that say how to read a data set, shared by train, eval and data inspect. */
final class DataFlags {
    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Data layout: auto (default: detect it), folder, fer2013-csv, mrl-eye, celeba-eyes, flickr8k.")
    String format;

    @Option(names = "--label", paramLabel = "NAME",
            description = "What to label by: a field of MRL Eye file names (eye_state (default), gender, glasses, "
                    + "reflections, lighting, sensor) or a CelebA attribute (Male (default), Smiling, ...).")
    String label;

    @Option(names = "--eye", paramLabel = "WHICH",
            description = "CelebA eye crops: left (default), right, or both (one box spanning the two eyes).")
    String eye;

    @Option(names = "--eye-margin", paramLabel = "F",
            description = "CelebA eye crops: margin around the eye(s) as a fraction of the distance between the eyes "
                    + "(default 0.5: a single-eye crop as wide as the eyes are apart).")
    Double eyeMargin;

    /** The flags given, as config keys. */
    void addTo(Map<String, Object> overrides) {
        overrides.put("format", format);
        overrides.put("label", label);
        overrides.put("eye", eye);
        overrides.put("eye_margin", eyeMargin);
    }

    /** The options the flags give. */
    DataOptions options() {
        return DataOptions.of(format, label, eye, eyeMargin);
    }

    /**
     * The options the flags give, the labelling and crops a model was trained with (its training
     * config's keys) standing in for those not given: a model is best evaluated on data read the
     * way it was trained. The format is not taken over: other data may come in another layout.
     */
    DataOptions options(Map<String, Object> trainConfig) {
        Map<String, Object> c = trainConfig == null ? Map.of() : trainConfig;
        Object margin = eyeMargin != null ? eyeMargin : c.get("eye_margin");
        return DataOptions.of(format, label != null ? label : string(c.get("label")),
                eye != null ? eye : string(c.get("eye")), margin instanceof Number n ? n.doubleValue() : null);
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
