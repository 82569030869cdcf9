package dev.citra.cli;

import dev.citra.data.DataOptions;
import dev.citra.train.TrainOptions;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags that say how to read a data set, shared by train, eval and data inspect. */
final class DataFlags {
    @Option(names = "--format", paramLabel = "FORMAT",
            description = TrainOptions.Help.FORMAT)
    String format;

    @Option(names = "--label", paramLabel = "NAME",
            description = TrainOptions.Help.LABEL)
    String label;

    @Option(names = "--eye", paramLabel = "WHICH",
            description = TrainOptions.Help.EYE)
    String eye;

    @Option(names = "--eye-margin", paramLabel = "F",
            description = TrainOptions.Help.EYE_MARGIN)
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
