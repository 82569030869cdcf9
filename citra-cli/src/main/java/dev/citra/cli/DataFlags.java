package dev.citra.cli;

import dev.citra.data.DataFormat;
import dev.citra.data.DataOptions;
import dev.citra.data.DataSource;
import dev.citra.train.TrainOptions;
import java.nio.file.Path;
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
     * way it was trained. The format is not taken over: other data may come in another layout. The
     * trained label stands in only where {@code data} is read in a layout labelled by choice (MRL Eye
     * names, CelebA attributes), the crops only where it is read as CelebA photos: elsewhere they
     * would be refused as though the user had asked for them.
     */
    DataOptions options(Map<String, Object> trainConfig, Path data) {
        Map<String, Object> c = trainConfig == null ? Map.of() : trainConfig;
        String trainedLabel = string(c.get("label"));
        String trainedEye = string(c.get("eye"));
        Double trainedMargin = c.get("eye_margin") instanceof Number n ? n.doubleValue() : null;
        boolean takeLabel = label == null && trainedLabel != null;
        boolean takeCrops = eye == null && trainedEye != null || eyeMargin == null && trainedMargin != null;
        DataFormat as = takeLabel || takeCrops ? readAs(data) : null;
        String useLabel = label;
        if (takeLabel && as.labelledByChoice()) {
            useLabel = trainedLabel;
        }
        String cropEye = eye;
        Double cropMargin = eyeMargin;
        if (takeCrops && as.cutIntoEyeCrops()) {
            cropEye = eye != null ? eye : trainedEye;
            cropMargin = eyeMargin != null ? eyeMargin : trainedMargin;
        }
        return DataOptions.of(format, useLabel, cropEye, cropMargin);
    }

    /** The format {@code data} is read in: the one --format forces, else the one detected. */
    private DataFormat readAs(Path data) {
        DataFormat forced = DataFormat.parse(format);
        return forced == DataFormat.AUTO ? DataSource.detect(data) : forced;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
