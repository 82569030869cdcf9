package dev.citra.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.CitraException;
import dev.citra.image.ImageEncoding;
import dev.citra.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many files through {@link FolderPredictor}: chunked, in order, one row per file, errors kept per file. */
class FolderPredictorTest {
    private static final int IMAGES = FolderPredictor.CHUNK + 6;

    @TempDir
    static Path dir;

    static Path folder;

    static Path bundle;

    /** 70 images in two sub-folders (over one chunk), a broken .png late in the order, a hidden file and a text file. */
    @BeforeAll
    static void images() throws Exception {
        bundle = ClassifierTest.saveBundle(dir.resolve("bundle"));
        folder = dir.resolve("photos");
        for (int i = 0; i < IMAGES; i++) {
            Path p = folder.resolve(i % 2 == 0 ? "even" : "odd").resolve(String.format("img%03d.png", i));
            Files.createDirectories(p.getParent());
            Files.write(p, ImageEncoding.png(ClassifierTest.image(i)));
        }
        Files.writeString(folder.resolve("odd/img999.png"), "not a png");
        Files.write(folder.resolve("odd/.hidden.png"), ImageEncoding.png(ClassifierTest.image(1)));
        Files.writeString(folder.resolve("notes.txt"), "not an image");
    }

    @Test
    void listsImagesSortedAndLeavesOutHiddenAndOtherFiles() {
        List<Path> found = FolderPredictor.imagesIn(folder);
        assertEquals(IMAGES + 1, found.size());
        assertEquals(found.stream().sorted().toList(), found);
        assertTrue(found.stream().noneMatch(p -> p.getFileName().toString().startsWith(".")));
        assertTrue(found.stream().allMatch(p -> p.toString().endsWith(".png")));
        CitraException e = assertThrows(CitraException.class, () -> FolderPredictor.imagesIn(dir.resolve("none")));
        assertEquals("Folder " + dir.resolve("none") + " does not exist: pass a folder of images.", e.getMessage());
    }

    @Test
    void everyFileGetsItsOwnRowAndABrokenOneItsError() {
        try (Classifier c = Classifier.load(bundle)) {
            List<ImagePrediction> rows = FolderPredictor.predictFolder(c, folder, 2);
            List<Path> files = FolderPredictor.imagesIn(folder);
            assertEquals(files.size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                ImagePrediction row = rows.get(i);
                assertEquals(files.get(i).toString(), row.image());
                if (row.image().endsWith("img999.png")) {
                    assertFalse(row.ok());
                    assertTrue(row.predictions().isEmpty());
                    assertTrue(row.error().startsWith("Image " + files.get(i) + " cannot be read"), row.error());
                    continue;
                }
                assertTrue(row.ok(), row.error());
                // Batched in chunks, each image gets what it gets alone.
                List<Prediction> alone = c.predict(files.get(i), 2);
                assertEquals(2, row.predictions().size());
                for (int k = 0; k < 2; k++) {
                    assertEquals(alone.get(k).index(), row.predictions().get(k).index(), row.image());
                    assertEquals(alone.get(k).probability(), row.predictions().get(k).probability(), 1e-5);
                }
            }
            List<ImagePrediction> streamed = new ArrayList<>();
            FolderPredictor.predict(c, files.subList(0, 3), 1, streamed::add);
            assertEquals(3, streamed.size());
        }
    }

    @Test
    void rowsWriteAsJsonAndCsv() throws Exception {
        List<ImagePrediction> rows = List.of(
                ImagePrediction.of("a,1.png", List.of(new Prediction("cat", 0, 0.75f), new Prediction("dog", 1, 0.25f))),
                ImagePrediction.failed("b.png", "Image b.png cannot be read (empty file): pass a JPEG, PNG, BMP or GIF file."));
        JsonNode json = new ObjectMapper().readTree(Json.write(rows));
        assertEquals("cat", json.get(0).get("predictions").get(0).get("label").asText());
        assertEquals(0.75, json.get(0).get("predictions").get(0).get("probability").asDouble(), 1e-7);
        assertFalse(json.get(0).has("error"));
        assertFalse(json.get(1).has("predictions"), "a failed image has its error, not an empty list");
        assertTrue(json.get(1).get("error").asText().startsWith("Image b.png cannot be read"));
        assertEquals("""
                image,label_1,probability_1,label_2,probability_2,error
                "a,1.png",cat,0.750000,dog,0.250000,
                b.png,,,,,"Image b.png cannot be read (empty file): pass a JPEG, PNG, BMP or GIF file."
                """, PredictionCsv.of(rows, 2));
    }
}
