package dev.citra.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.image.ImageDecoder;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The real data sets in {@code <citra.shared>/data} (see its README), as users download them.
 * Each test skips when its file is absent. Listing and counting only; a few images decoded.
 */
class RealDataSourcesTest {
    private static Path shared(String file) {
        String shared = System.getProperty("citra.shared");
        Path p = shared == null ? null : Path.of(shared, "data", file);
        Assumptions.assumeTrue(p != null && Files.isRegularFile(p),
                "Skipped: " + file + " is not at <citra.shared>/data/ (citra.shared=" + shared + ")");
        return p;
    }

    private static Map<String, Integer> counts(ImageDataset part) {
        Map<String, Integer> m = new LinkedHashMap<>();
        int[] c = part.classCounts();
        for (int i = 0; i < c.length; i++) {
            m.put(part.classes().get(i), c[i]);
        }
        return m;
    }

    private static Map<String, Integer> map(List<String> names, int... counts) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            m.put(names.get(i), counts[i]);
        }
        return m;
    }

    private static final List<String> FER_FOLDERS =
            List.of("angry", "disgust", "fear", "happy", "neutral", "sad", "surprise");

    @Test
    void fer2013ZipIsItsPredefinedTrainAndTestSplit() throws Exception {
        LoadedData loaded = DataSource.open(shared("fer2013.zip"));
        assertEquals("image-folder-zip-split", loaded.format());
        assertEquals(FER_FOLDERS, loaded.dataset().classes());
        assertEquals(28_709 + 3_589, loaded.dataset().size());
        DatasetSplit split = loaded.predefined().orElseThrow();
        assertEquals(28_709, split.train().size());
        assertEquals(0, split.val().size());
        assertEquals(3_589, split.test().size());
        // Counted once with `unzip -Z1 fer2013.zip`.
        assertEquals(map(FER_FOLDERS, 3995, 436, 4097, 7215, 4965, 4830, 3171), counts(split.train()));
        assertEquals(map(FER_FOLDERS, 467, 56, 496, 895, 607, 653, 415), counts(split.test()));
        assertTrue(split.test().samples().stream().allMatch(s -> s.id().startsWith("test/")));

        // A few images decode as 48x48 grey.
        ImageDataset few = split.test().withSamples(split.test().samples().subList(0, 4));
        DecodedImages d = ImageLoader.decodeAll(few, new ImageSpec(48, 1, Normalization.UNIT), 1, n -> {});
        assertEquals(4, d.size());
        BufferedImage img = new ImageDecoder().decode(few.samples().get(0).source().read());
        assertEquals(48, img.getWidth());
        assertEquals(48, img.getHeight());
    }

    @Test
    void fer2013SampleCsvHasItsRowsLabelsAndUsages() throws Exception {
        Path csv = shared("fer2013-sample.csv");
        LoadedData loaded = DataSource.open(csv);
        assertEquals("fer2013-csv", loaded.format());
        ImageDataset ds = loaded.dataset();
        assertEquals(Fer2013CsvSource.CLASSES, ds.classes());
        assertEquals(3_279, ds.size());
        // Emotion 0..6 counts, from the CSV itself.
        assertEquals(map(Fer2013CsvSource.CLASSES, 418, 46, 483, 854, 557, 379, 542), counts(ds));
        DatasetSplit split = loaded.predefined().orElseThrow();
        assertEquals(2_776, split.train().size());
        assertEquals(503, split.val().size());
        assertEquals(0, split.test().size());

        // The first row: emotion 0 (angry), PublicTest, and its pixels are what the loader sees.
        String firstRow;
        try (BufferedReader in = Files.newBufferedReader(csv)) {
            in.readLine();
            firstRow = in.readLine();
        }
        String[] fields = firstRow.split(",");
        int[] pixels = Arrays.stream(fields[1].trim().split(" +")).mapToInt(Integer::parseInt).toArray();
        assertEquals(2304, pixels.length);
        Sample first = ds.samples().get(0);
        assertEquals("fer2013-sample.csv#2", first.id());
        assertEquals(0, first.label());
        assertEquals("PublicTest", fields[2].trim());
        assertTrue(split.val().samples().contains(first));
        BufferedImage img = new ImageDecoder().decode(first.source().read());
        assertArrayEquals(pixels, img.getRaster().getPixels(0, 0, 48, 48, (int[]) null));
        float[] tensor = ImageLoader.decodeAll(ds.withSamples(List.of(first)), new ImageSpec(48, 1, Normalization.UNIT))
                .tensors()[0];
        for (int i = 0; i < pixels.length; i++) {
            assertEquals(pixels[i] / 255f, tensor[i], 1e-6f);
        }
    }

    @Test
    void mrlEyeSampleZipKeepsItsTrainTestSplit() throws Exception {
        LoadedData loaded = DataSource.open(shared("mrl-eye-sample.zip"));
        assertEquals(List.of("closed", "open"), loaded.dataset().classes());
        DatasetSplit split = loaded.predefined().orElseThrow();
        assertEquals(map(List.of("closed", "open"), 12, 12), counts(split.train()));
        assertEquals(0, split.val().size());
        assertEquals(map(List.of("closed", "open"), 12, 12), counts(split.test()));
        for (Sample s : split.train().samples()) {
            assertTrue(s.id().matches("train/(closed|open)/s\\d{4}_\\d{5}_\\d_\\d_\\d_\\d_\\d_\\d{2}\\.png"), s.id());
            // The eye-state field of the MRL name agrees with the folder.
            String state = s.id().split("_")[4];
            assertEquals(state.equals("0") ? "closed" : "open", split.train().classes().get(s.label()), s.id());
        }
        BufferedImage img = new ImageDecoder().decode(split.test().samples().get(0).source().read());
        assertTrue(img.getWidth() > 0);
    }

    @Test
    void mrlEyeSampleZipIsDetectedAsMrlEyeNames() {
        LoadedData loaded = DataSource.open(shared("mrl-eye-sample.zip"));
        assertEquals("mrl-eye-zip-split", loaded.format());
        assertEquals("the MRL Eye file names: field eye_state", loaded.labels());
        LoadedData folders = DataSource.open(shared("mrl-eye-sample.zip"), DataOptions.of("folder", null, null, null));
        assertEquals("image-folder-zip-split", folders.format());
        // Counted with `unzip -Z1 mrl-eye-sample.zip`: the file names agree with the folders everywhere.
        assertEquals(folders.dataset().samples().stream().map(Sample::label).toList(),
                loaded.dataset().samples().stream().map(Sample::label).toList());
        LoadedData byGender = DataSource.open(shared("mrl-eye-sample.zip"), DataOptions.of(null, "gender", null, null));
        assertEquals(List.of("male", "female"), byGender.dataset().classes());
    }

    @Test
    void eyesStateZipHasItsTwoClasses() {
        LoadedData loaded = DataSource.open(shared("eyes-state.zip"));
        assertEquals("image-folder-zip", loaded.format());
        assertTrue(loaded.predefined().isEmpty());
        // Counted with `unzip -Z1 eyes-state.zip`.
        assertEquals(map(List.of("Closed", "Open"), 619, 637), counts(loaded.dataset()));
        assertEquals(0, loaded.dataset().skipped().size());
    }

    @Test
    void eyesGenderZipHasItsTwoClasses() {
        LoadedData loaded = DataSource.open(shared("eyes-gender.zip"));
        assertEquals("image-folder-zip", loaded.format());
        assertTrue(loaded.predefined().isEmpty());
        // Counted with `unzip -Z1 eyes-gender.zip`.
        assertEquals(map(List.of("femaleeyes", "maleeyes"), 4_381, 5_423), counts(loaded.dataset()));
        assertEquals(0, loaded.dataset().skipped().size());
    }

    @Test
    void skinIsicZipHasItsNineClasses() {
        LoadedData loaded = DataSource.open(shared("skin-isic.zip"));
        assertEquals("image-folder-zip", loaded.format());
        List<String> classes = List.of("actinic keratosis", "basal cell carcinoma", "dermatofibroma", "melanoma", "nevus",
                "pigmented benign keratosis", "seborrheic keratosis", "squamous cell carcinoma", "vascular lesion");
        // Counted with `unzip -Z1 skin-isic.zip`; 2,241 in all.
        assertEquals(map(classes, 114, 378, 95, 438, 357, 462, 77, 181, 139), counts(loaded.dataset()));
        assertEquals(2_241, loaded.dataset().size());
    }

    @Test
    void flickr8kMiniHas800ImagesWithFiveCaptionsEach() throws Exception {
        Path zip = shared("flickr8k-mini.zip");
        assertEquals(DataFormat.FLICKR8K, DataSource.detect(zip));
        CaptionDataset ds = DataSource.openCaptions(zip);
        assertEquals("flickr8k-kaggle", ds.format());
        assertEquals(800, ds.size());
        assertTrue(ds.samples().stream().allMatch(s -> s.captions().size() == 5));
        assertEquals(0, ds.missing().size());
        CaptionSample first = ds.samples().get(0);
        assertEquals("Images/1000268201_693b08cb0e.jpg", first.id());
        assertEquals("A child in a pink dress is climbing up a set of stairs in an entry way .", first.captions().get(0));
        // A caption with a comma is quoted in the CSV; the quotes are gone, the comma kept.
        assertTrue(ds.samples().stream().flatMap(s -> s.captions().stream())
                .anyMatch(c -> c.equals("A dog shakes its head near the shore , a red ball next to it .")));
        // No split files in Kaggle's layout: seeded 80:20 as S0.
        assertTrue(ds.predefined().isEmpty());
        CaptionDataset.Parts parts = ds.split(0.2, 42);
        assertEquals(640, parts.train().size());
        assertEquals(160, parts.val().size());
        BufferedImage img = new ImageDecoder().decode(first.source().read());
        // The README's 200-500 px is the longer side: this one is 150x200.
        assertEquals(150, img.getWidth());
        assertEquals(200, img.getHeight());
    }
}
