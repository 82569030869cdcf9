package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format detection, MRL Eye names as a format of their own, and --format forcing a layout. */
class DataSourceFormatTest {
    @TempDir
    Path tmp;

    private Path folder(String name, String... files) throws IOException {
        return TestFiles.named(tmp.resolve(name), files);
    }

    private static List<String> classesOf(LoadedData loaded) {
        return loaded.dataset().samples().stream().map(s -> loaded.dataset().classes().get(s.label())).toList();
    }

    private static DataOptions format(String name) {
        return DataOptions.of(name, null, null, null);
    }

    @Test
    void mrlNamesInSubjectFoldersAreLabelledByEyeState() throws Exception {
        // As the MRL download is laid out: one folder per subject, plus files that are not images.
        Path root = folder("mrlEyes_2018_01", "s0001/s0001_00001_0_0_0_0_0_01.png", "s0001/s0001_00002_0_0_1_0_0_01.png",
                "s0002/s0002_00001_1_1_1_2_1_02.png", "stats_2018_01.ods", "annotation.txt");
        LoadedData loaded = DataSource.open(root);
        assertEquals("mrl-eye", loaded.format());
        assertEquals(List.of("closed", "open"), loaded.dataset().classes());
        assertEquals(List.of("closed", "open", "open"), classesOf(loaded));
        assertTrue(loaded.predefined().isEmpty());
        assertEquals("the MRL Eye file names: field eye_state", loaded.labels());

        LoadedData byGender = DataSource.open(root, DataOptions.of(null, "gender", null, null));
        assertEquals(List.of("male", "male", "female"), classesOf(byGender));
        CitraException bad = assertThrows(CitraException.class,
                () -> DataSource.open(root, DataOptions.of(null, "Male", null, null)));
        assertTrue(bad.getMessage().startsWith("Unknown MRL Eye field 'Male'"), bad.getMessage());
    }

    @Test
    void flatMrlZipAndAZipSplitIntoTrainAndTest() throws Exception {
        Path flat = tmp.resolve("flat.zip");
        Path split = tmp.resolve("split.zip");
        try (ZipOutputStream a = new ZipOutputStream(Files.newOutputStream(flat));
                ZipOutputStream b = new ZipOutputStream(Files.newOutputStream(split))) {
            for (String name : List.of("s0001_00001_0_0_0_0_0_01.png", "s0001_00002_0_0_1_0_0_01.png")) {
                a.putNextEntry(new ZipEntry(name));
                a.write(name.getBytes(StandardCharsets.UTF_8));
                b.putNextEntry(new ZipEntry("eyes/train/any/" + name));
                b.write(name.getBytes(StandardCharsets.UTF_8));
            }
            b.putNextEntry(new ZipEntry("eyes/test/any/s0009_00001_0_0_1_0_0_01.png"));
        }
        LoadedData loaded = DataSource.open(flat);
        assertEquals("mrl-eye-zip", loaded.format());
        assertEquals(List.of("closed", "open"), classesOf(loaded));

        LoadedData parts = DataSource.open(split);
        assertEquals("mrl-eye-zip-split", parts.format());
        DatasetSplit s = parts.predefined().orElseThrow();
        assertEquals(List.of("train/any/s0001_00001_0_0_0_0_0_01.png", "train/any/s0001_00002_0_0_1_0_0_01.png"),
                s.train().samples().stream().map(Sample::id).toList());
        assertEquals(List.of(1), s.test().samples().stream().map(Sample::label).toList());
    }

    @Test
    void oneNameThatIsNotMrlMakesItAnImageFolder() throws Exception {
        Path root = folder("mixed", "a/s0001_00001_0_0_0_0_0_01.png", "b/photo.png");
        LoadedData loaded = DataSource.open(root);
        assertEquals("image-folder", loaded.format());
        assertEquals(List.of("a", "b"), classesOf(loaded));
        CitraException forced = assertThrows(CitraException.class, () -> DataSource.open(root, format("mrl-eye")));
        assertEquals("--format mrl-eye does not fit " + root + ": expected " + DataFormat.MRL_EYE.description()
                + ", but found " + DataFormat.FOLDER.description() + ".", forced.getMessage());
        CitraException label = assertThrows(CitraException.class,
                () -> DataSource.open(root, DataOptions.of(null, "gender", null, null)));
        assertTrue(label.getMessage().startsWith("--label gender does not apply to " + root + " (folder"), label.getMessage());
    }

    @Test
    void folderForcedOnMrlNamesKeepsTheClassFolders() throws Exception {
        Path root = folder("mrlInFolders", "x/s0001_00001_0_0_1_0_0_01.png", "y/s0001_00002_0_0_1_0_0_01.png");
        assertEquals(List.of("open", "open"), classesOf(DataSource.open(root)));
        LoadedData folders = DataSource.open(root, format("folder"));
        assertEquals("image-folder", folders.format());
        assertEquals(List.of("x", "y"), classesOf(folders));
    }

    @Test
    void forcedFormatsThatDoNotFitSayWhatWasExpectedAndFound() throws Exception {
        Path pets = folder("pets", "cat/1.jpg", "dog/1.jpg");
        CitraException celeba = assertThrows(CitraException.class, () -> DataSource.open(pets, format("celeba-eyes")));
        assertEquals("--format celeba-eyes does not fit " + pets + ": expected " + DataFormat.CELEBA_EYES.description()
                + ", but found " + DataFormat.FOLDER.description() + ".", celeba.getMessage());
        CitraException fer = assertThrows(CitraException.class, () -> DataSource.open(pets, format("fer2013-csv")));
        assertTrue(fer.getMessage().startsWith("--format fer2013-csv does not fit " + pets + ": expected a FER-2013 CSV"),
                fer.getMessage());

        Path csv = tmp.resolve("fer.csv");
        Files.writeString(csv, "emotion,pixels,Usage\n");
        CitraException folderOnCsv = assertThrows(CitraException.class, () -> DataSource.open(csv, format("folder")));
        assertEquals("--format folder does not fit " + csv + ": expected " + DataFormat.FOLDER.description()
                + ", but found " + DataFormat.FER2013_CSV.description() + ".", folderOnCsv.getMessage());

        CitraException unknown = assertThrows(CitraException.class, () -> format("celeba"));
        assertEquals("Unknown --format 'celeba': use one of auto, folder, fer2013-csv, mrl-eye, celeba-eyes, flickr8k.",
                unknown.getMessage());
        CitraException eye = assertThrows(CitraException.class, () -> DataOptions.of(null, null, "middle", null));
        assertEquals("Unknown --eye 'middle': use left, right or both (a box spanning both eyes).", eye.getMessage());
        CitraException margin = assertThrows(CitraException.class, () -> DataOptions.of(null, null, null, 0.0));
        assertTrue(margin.getMessage().startsWith("--eye-margin must be above 0"), margin.getMessage());
    }

    @Test
    void eyeCropFlagsAreRefusedOnDataThatIsNotCutIntoCrops() throws Exception {
        Path pets = folder("pets", "cat/1.jpg", "dog/1.jpg");
        Path split = folder("split", "train/cat/1.jpg", "test/cat/2.jpg");
        Path mrl = folder("mrl", "s0001/s0001_00001_0_0_0_0_0_01.png");
        Path csv = tmp.resolve("fer.csv");
        Files.writeString(csv, "emotion,pixels,Usage\n");
        DataOptions eye = DataOptions.of(null, null, "right", null);
        for (Path data : List.of(pets, split, mrl, csv)) {
            CitraException e = assertThrows(CitraException.class, () -> DataSource.open(data, eye));
            assertEquals("--eye right does not apply to " + data + " (" + DataSource.detect(data).id() + "): only"
                    + " CelebA photos (celeba-eyes) are cut into eye crops; drop it.", e.getMessage());
        }
        CitraException both = assertThrows(CitraException.class,
                () -> DataSource.open(mrl, DataOptions.of("mrl-eye", null, "both", 0.3)));
        assertEquals("--eye both and --eye-margin 0.3 do not apply to " + mrl + " (mrl-eye): only CelebA photos"
                + " (celeba-eyes) are cut into eye crops; drop them.", both.getMessage());
        // Their defaults are no request.
        assertEquals(List.of("cat", "dog"), classesOf(DataSource.open(pets, DataOptions.of(null, null, null, null))));
    }
}
