package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** MRL Eye file names and relabelling by their fields. */
class MrlEyeNamesTest {
    private static final ByteSource NO_BYTES = () -> new byte[0];

    private static Sample sample(String id, int label) {
        return new Sample(id, label, NO_BYTES);
    }

    @Test
    void parsesAllFields() {
        MrlEyeNames.Name n = MrlEyeNames.parse("train/open/s0014_03559_1_1_1_2_0_03.png");
        assertEquals(new MrlEyeNames.Name("0014", "03559", 1, 1, 1, 2, 0, "03"), n);
        assertEquals("open", n.value("eye_state"));
        assertEquals("female", n.value("gender"));
        assertEquals("yes", n.value("glasses"));
        assertEquals("big", n.value("reflections"));
        assertEquals("bad", n.value("lighting"));
        assertEquals("03", n.value("sensor"));
        MrlEyeNames.Name m = MrlEyeNames.parse("s0001_00001_0_0_0_0_1_01.PNG");
        assertEquals(List.of("closed", "male", "no", "none", "good", "01"),
                MrlEyeNames.FIELDS.stream().map(m::value).toList());
    }

    @Test
    void rejectsOtherNames() {
        for (String bad : List.of("cat.png", "s0001_00001_0_0_2_0_0_01.png", "s0001_00001_0_0_0_0_0_1.png",
                "s0001_00001_0_0_0_0_0_01", "x0001_00001_0_0_0_0_0_01.png")) {
            assertTrue(MrlEyeNames.tryParse(bad).isEmpty(), bad);
        }
        CitraException e = assertThrows(CitraException.class, () -> MrlEyeNames.parse("a/cat.png"));
        assertTrue(e.getMessage().contains("'a/cat.png'") && e.getMessage().contains(MrlEyeNames.EXPECTED),
                e.getMessage());
    }

    @Test
    void relabelsByFieldKeepingSkippedFiles() {
        ImageDataset ds = new ImageDataset(List.of("x", "y"), List.of(
                sample("x/s0001_00001_0_0_0_0_0_01.png", 0),
                sample("x/s0001_00002_1_0_1_1_1_02.png", 0),
                sample("y/s0002_00001_1_1_1_2_1_02.png", 1)),
                List.of(new SkippedFile("x/readme.txt", "not an image file")));
        ImageDataset eyes = MrlEyeNames.relabel(ds, MrlEyeNames.DEFAULT_FIELD);
        assertEquals(List.of("closed", "open"), eyes.classes());
        assertEquals(List.of(0, 1, 1), eyes.samples().stream().map(Sample::label).toList());
        assertEquals(ds.skipped(), eyes.skipped());
        ImageDataset reflections = MrlEyeNames.relabel(ds, "reflections");
        assertEquals(List.of("none", "small", "big"), reflections.classes());
        assertEquals(List.of(0, 1, 2), reflections.samples().stream().map(Sample::label).toList());
        ImageDataset sensor = MrlEyeNames.relabel(ds, "sensor");
        assertEquals(List.of("01", "02"), sensor.classes());
        assertEquals(List.of(0, 1, 1), sensor.samples().stream().map(Sample::label).toList());
    }

    @Test
    void oneErrorNamesTheFirstBadFileAndCountsTheRest() {
        ImageDataset ds = new ImageDataset(List.of("a", "b"), List.of(sample("a/s0001_00001_0_0_0_0_0_01.png", 0),
                sample("a/cat.png", 0), sample("b/dog.png", 1), sample("b/eel.jpg", 1)));
        CitraException e = assertThrows(CitraException.class, () -> MrlEyeNames.relabel(ds, "gender"));
        assertTrue(e.getMessage().startsWith("File 'a/cat.png' is not an MRL Eye file name (nor are 2 other files): expected s<"),
                e.getMessage());
        CitraException field = assertThrows(CitraException.class, () -> MrlEyeNames.relabel(ds, "age"));
        assertTrue(field.getMessage().startsWith("Unknown MRL Eye field 'age'"), field.getMessage());
    }

    @Test
    void predefinedPartsShareTheClassList() {
        Sample a = sample("train/q/s0001_00001_0_0_0_0_0_03.png", 0);
        Sample b = sample("test/q/s0001_00002_0_0_0_0_0_01.png", 0);
        ImageDataset all = new ImageDataset(List.of("q", "r"), List.of(b, a));
        ImageDataset train = all.withSamples(List.of(a));
        ImageDataset test = all.withSamples(List.of(b));
        LoadedData loaded = new LoadedData("image-folder-split", all,
                java.util.Optional.of(new DatasetSplit(train, all.withSamples(List.of()), test)));
        LoadedData bySensor = MrlEyeNames.relabel(loaded, "sensor");
        DatasetSplit split = bySensor.predefined().orElseThrow();
        assertEquals(List.of("01", "03"), bySensor.dataset().classes());
        assertEquals(List.of("01", "03"), split.train().classes());
        assertEquals(List.of("01", "03"), split.test().classes());
        assertEquals(1, split.train().samples().get(0).label());
        assertEquals(0, split.test().samples().get(0).label());
    }

    @Test
    void eyeStateFromNamesMatchesTheFoldersOfTheRealSample() {
        String shared = System.getProperty("citra.shared");
        Path zip = shared == null ? null : Path.of(shared, "data", "mrl-eye-sample.zip");
        Assumptions.assumeTrue(zip != null && Files.isRegularFile(zip),
                "Skipped: mrl-eye-sample.zip is not at <citra.shared>/data/ (citra.shared=" + shared + ")");
        LoadedData loaded = DataSource.open(zip);
        LoadedData relabelled = MrlEyeNames.relabel(loaded, "eye_state");
        assertEquals(loaded.dataset().classes(), relabelled.dataset().classes()); // [closed, open] both ways
        assertEquals(48, relabelled.dataset().size());
        for (int i = 0; i < loaded.dataset().size(); i++) {
            assertEquals(loaded.dataset().samples().get(i).label(), relabelled.dataset().samples().get(i).label(),
                    loaded.dataset().samples().get(i).id());
        }
        DatasetSplit before = loaded.predefined().orElseThrow();
        DatasetSplit after = relabelled.predefined().orElseThrow();
        assertEquals(before.train().samples().stream().map(Sample::label).toList(),
                after.train().samples().stream().map(Sample::label).toList());
        assertEquals(before.test().samples().stream().map(Sample::label).toList(),
                after.test().samples().stream().map(Sample::label).toList());
    }
}
