package dev.citra.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.eval.ClassificationMetrics;
import dev.citra.eval.DatasetEvaluation;
import dev.citra.infer.Classifier;
import dev.citra.infer.Prediction;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CitraSpark on local[2] against the single-machine classifier and evaluation, on real images. */
class CitraSparkTest {
    private static final SparkPredictOptions OPTIONS = SparkPredictOptions.builder().topK(2).batchSize(48).build();

    @Test
    void everyImageGetsWhatCitraPredictGivesAndTheCorruptFileAnErrorRow() throws Exception {
        Path dir = SparkFixtures.images();
        Path bundle = SparkFixtures.bundle();
        SparkSession spark = SparkFixtures.spark();
        int loadsBefore = ExecutorModels.loads();

        Dataset<Row> images = CitraSpark.images(spark, List.of(dir.toString()), 6);
        assertEquals(6, images.rdd().getNumPartitions());
        List<Row> rows = CitraSpark.predict(images, bundle, OPTIONS).collectAsList();

        Map<Path, List<Prediction>> expected = citraPredict(bundle, dir);
        assertEquals(1257, rows.size(), "1,256 eye images and the corrupt file");
        assertEquals(1256, expected.size());
        int checked = 0;
        for (Row r : rows) {
            Path file = Path.of(URI.create(r.getAs("path")));
            List<Prediction> want = expected.get(file);
            if (file.endsWith(SparkFixtures.CORRUPT)) {
                assertNull(want);
                assertNull(r.getAs("prediction"));
                assertNull(r.getAs("top_k"));
                String error = r.getAs("error");
                assertTrue(error.startsWith("Image " + r.getAs("path") + " cannot be read"), error);
                continue;
            }
            assertNull(r.getAs("error"), () -> file + ": " + r.getAs("error"));
            List<Row> top = r.getList(r.fieldIndex("top_k"));
            assertEquals(want.size(), top.size());
            assertEquals(want.get(0).label(), r.getAs("prediction"), file.toString());
            assertEquals(want.get(0).probability(), (float) r.getAs("probability"), 1e-5f, file.toString());
            for (int k = 0; k < want.size(); k++) {
                assertEquals(want.get(k).label(), top.get(k).getString(0), file.toString());
                assertEquals(want.get(k).index(), top.get(k).getInt(1), file.toString());
                assertEquals(want.get(k).probability(), top.get(k).getFloat(2), 1e-5f, file.toString());
            }
            checked++;
        }
        assertEquals(1256, checked);

        // Six partitions over two task threads, then a second job: still one model in this JVM.
        CitraSpark.predict(images.limit(10), bundle, OPTIONS).count();
        assertTrue(ExecutorModels.loads() - loadsBefore <= 1, "loaded " + (ExecutorModels.loads() - loadsBefore) + " times");
    }

    @Test
    void binaryFileInputGivesTheSamePredictionsAndDropsTheBytes(@TempDir Path tmp) throws Exception {
        Path dir = SparkFixtures.images();
        Path bundle = SparkFixtures.bundle();
        // Spark's file sources skip names starting with '_' (all of this set's), so copy some under plain names.
        Path few = Files.createDirectories(tmp.resolve("few"));
        List<Path> picked;
        try (Stream<Path> s = Files.list(dir.resolve("Open"))) {
            picked = s.sorted().limit(20).toList();
        }
        for (int i = 0; i < picked.size(); i++) {
            Files.copy(picked.get(i), few.resolve("eye" + i + ".jpg"));
        }
        Files.writeString(few.resolve("truncated.jpg"), "\u00ff\u00d8\u00ff\u00e0 half a header");
        Dataset<Row> binary = SparkFixtures.spark().read().format("binaryFile").load(few.toString());
        Dataset<Row> predicted = CitraSpark.predict(binary, bundle, OPTIONS);
        assertFalse(List.of(predicted.columns()).contains("content"), "the image bytes are not carried along");
        assertTrue(List.of(predicted.columns()).containsAll(List.of("path", "modificationTime", "length")));

        Map<Path, List<Prediction>> expected = citraPredict(bundle, few);
        List<Row> rows = predicted.collectAsList();
        assertEquals(21, rows.size());
        for (Row r : rows) {
            Path file = Path.of(URI.create(r.getAs("path")));
            if (file.getFileName().toString().equals("truncated.jpg")) {
                assertNull(r.getAs("prediction"));
                assertNotNull(r.getAs("error"));
            } else {
                assertEquals(expected.get(file).get(0).label(), r.getAs("prediction"));
                assertEquals(expected.get(file).get(0).probability(), (float) r.getAs("probability"), 1e-5f);
            }
        }
    }

    @Test
    void evaluationEqualsCitraEvalOnTheSameImages() throws Exception {
        Path dir = SparkFixtures.images();
        Path bundle = SparkFixtures.bundle();
        Dataset<Row> labelled = CitraSpark.labelByFolder(CitraSpark.images(SparkFixtures.spark(), List.of(dir.toString()), 5),
                OPTIONS);
        SparkEvaluation got = CitraSpark.evaluate(labelled, bundle, OPTIONS);

        DatasetEvaluation want;
        try (Classifier c = Classifier.load(bundle)) {
            want = DatasetEvaluation.run(c, dir, 64, OPTIONS.topK(), 2);
        }
        ClassificationMetrics m = got.metrics();
        assertEquals(want.metrics(), m);
        assertEquals(want.skipped().size(), got.unreadable());
        assertEquals(1, got.unreadable(), "the corrupt file");
        assertEquals(1256, m.count());
        assertTrue(m.accuracy() > 0.6, "a trained model beats chance: " + m.accuracy());
    }

    @Test
    void labelsTheModelDoesNotKnowAreNamed() throws Exception {
        Path bundle = SparkFixtures.bundle();
        Dataset<Row> labelled = CitraSpark.images(SparkFixtures.spark(), List.of(SparkFixtures.images().resolve("Open").toString()), 2)
                .limit(4)
                .withColumn("label", functions.lit("Squinting"));
        CitraException e = assertThrows(CitraException.class, () -> CitraSpark.evaluate(labelled, bundle, OPTIONS));
        assertTrue(e.getMessage().startsWith("The classes [Squinting] of the labelled images are not among the model's"
                + " labels [Closed, Open]"), e.getMessage());
    }

    @Test
    void inputsWithoutImagesOrWithClashingColumnsAreRefusedInOneSentence(@TempDir Path tmp) throws Exception {
        SparkSession spark = SparkFixtures.spark();
        Path bundle = SparkFixtures.bundle();
        CitraException missing = assertThrows(CitraException.class,
                () -> CitraSpark.images(spark, List.of(tmp.resolve("nothing").toString()), 0));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        Files.writeString(tmp.resolve("notes.txt"), "no images here");
        CitraException empty = assertThrows(CitraException.class, () -> CitraSpark.images(spark, List.of(tmp.toString()), 0));
        assertTrue(empty.getMessage().startsWith("No images found"), empty.getMessage());

        Dataset<Row> numbers = spark.range(3).toDF("id");
        CitraException columns = assertThrows(CitraException.class, () -> CitraSpark.predict(numbers, bundle, OPTIONS));
        assertTrue(columns.getMessage().contains("neither a 'content' column"), columns.getMessage());

        Dataset<Row> clash = CitraSpark.images(spark, List.of(SparkFixtures.images().resolve("Open").toString()), 1)
                .withColumn("prediction", functions.lit("x"));
        CitraException taken = assertThrows(CitraException.class, () -> CitraSpark.predict(clash, bundle, OPTIONS));
        assertTrue(taken.getMessage().contains("[prediction]"), taken.getMessage());
    }

    /** What {@code citra predict} does with a folder: decode each file, predict in chunks of 64, top-k. */
    static Map<Path, List<Prediction>> citraPredict(Path bundle, Path dir) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        Map<Path, List<Prediction>> out = new HashMap<>();
        try (Classifier c = Classifier.load(bundle)) {
            for (int start = 0; start < files.size(); start += 64) {
                List<Path> ok = new ArrayList<>();
                List<BufferedImage> decoded = new ArrayList<>();
                for (Path f : files.subList(start, Math.min(files.size(), start + 64))) {
                    try {
                        decoded.add(c.decode(f));
                        ok.add(f);
                    } catch (CitraException unreadable) {
                        // citra predict lists it with its error; the Spark side checks its own row
                    }
                }
                List<List<Prediction>> predictions = c.predictAll(decoded, OPTIONS.topK());
                for (int i = 0; i < ok.size(); i++) {
                    out.put(ok.get(i), predictions.get(i));
                }
            }
        }
        return out;
    }
}
