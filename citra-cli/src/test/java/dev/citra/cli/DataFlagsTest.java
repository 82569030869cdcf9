package dev.citra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.citra.data.DataFormat;
import dev.citra.data.DataOptions;
import dev.citra.data.EyeRegion;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --format, --label, --eye and --eye-margin, and what eval takes over from a model's training config. */
class DataFlagsTest {
    private static DataFlags parse(String... args) {
        DataFlags flags = new DataFlags();
        new CommandLine(flags).parseArgs(args);
        return flags;
    }

    @Test
    void flagsBecomeOptionsAndConfigKeys() {
        DataFlags f = parse("--format", "celeba-eyes", "--label", "Smiling", "--eye", "both", "--eye-margin", "0.3");
        assertEquals(new DataOptions(DataFormat.CELEBA_EYES, "Smiling", EyeRegion.BOTH, 0.3), f.options());
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        f.addTo(m);
        assertEquals(Map.of("format", "celeba-eyes", "label", "Smiling", "eye", "both", "eye_margin", 0.3), m);
        assertEquals(DataOptions.defaults(), parse().options());
    }

    @Test
    void evalReadsDataAsTheModelWasTrainedUnlessToldOtherwise() {
        Map<String, Object> trained = Map.of("format", "celeba-eyes", "label", "Smiling", "eye", "right",
                "eye_margin", 0.7);
        // The format is not taken over: the evaluation data may come in another layout.
        assertEquals(new DataOptions(DataFormat.AUTO, "Smiling", EyeRegion.RIGHT, 0.7), parse().options(trained));
        assertEquals(new DataOptions(DataFormat.FOLDER, "Smiling", EyeRegion.BOTH, 0.7),
                parse("--format", "folder", "--eye", "both").options(trained));
        assertEquals(DataOptions.defaults(), parse().options(null));
    }
}
