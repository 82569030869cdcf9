package dev.citra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.citra.data.DataFormat;
import dev.citra.data.DataOptions;
import dev.citra.data.EyeRegion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** --format, --label, --eye and --eye-margin, and what eval takes over from a model's training config. */
class DataFlagsTest {
    @TempDir
    Path tmp;

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
    void evalReadsDataAsTheModelWasTrainedUnlessToldOtherwise() throws IOException {
        Path celeba = Files.createDirectories(tmp.resolve("celeba"));
        Files.writeString(celeba.resolve("list_landmarks_align_celeba.txt"), "0\n");
        Map<String, Object> trained = Map.of("format", "celeba-eyes", "label", "Smiling", "eye", "right",
                "eye_margin", 0.7);
        // The format is not taken over: the evaluation data may come in another layout.
        assertEquals(new DataOptions(DataFormat.AUTO, "Smiling", EyeRegion.RIGHT, 0.7),
                parse().options(trained, celeba));
        assertEquals(new DataOptions(DataFormat.CELEBA_EYES, "Smiling", EyeRegion.BOTH, 0.7),
                parse("--format", "celeba-eyes", "--eye", "both").options(trained, celeba));
        assertEquals(DataOptions.defaults(), parse().options(null, celeba));
    }

    @Test
    void theCropsAModelWasTrainedOnStandInOnlyForCelebAPhotos() throws IOException {
        Path pets = Files.createDirectories(tmp.resolve("pets/cat"));
        Files.write(pets.resolve("1.png"), new byte[] {1});
        Map<String, Object> trained = Map.of("eye", "right", "eye_margin", 0.7);
        // Not cut into crops, a folder would refuse them as though they had been typed.
        assertEquals(DataOptions.defaults(), parse().options(trained, pets.getParent()));
        assertEquals(new DataOptions(DataFormat.FOLDER, null, EyeRegion.BOTH, null),
                parse("--format", "folder", "--eye", "both").options(trained, pets.getParent()));
    }

    /** A model trained on MRL Eye names by gender, evaluated on a folder: the trained --label does not follow it. */
    @Test
    void theLabelAModelWasTrainedWithStandsInOnlyWhereLabelsAreChosen() throws IOException {
        Path pets = Files.createDirectories(tmp.resolve("folder/cat"));
        Files.write(pets.resolve("1.png"), new byte[] {1});
        Map<String, Object> trained = Map.of("format", "mrl-eye", "label", "gender");
        assertEquals(DataOptions.defaults(), parse().options(trained, pets.getParent()));
        Path mrl = Files.createDirectories(tmp.resolve("mrl"));
        Files.write(mrl.resolve("s0001_00001_0_0_0_0_0_01.png"), new byte[] {1});
        assertEquals(new DataOptions(DataFormat.AUTO, "gender", null, null), parse().options(trained, mrl));
        // Typed, it is the user's, and the format refuses it where it does not apply.
        assertEquals(new DataOptions(DataFormat.AUTO, "gender", null, null),
                parse("--label", "gender").options(trained, pets.getParent()));
    }
}
