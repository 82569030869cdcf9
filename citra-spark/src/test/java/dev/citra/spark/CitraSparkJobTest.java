package dev.citra.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spark-submit job, run in the test's local[2] session on the Open half of the eye-state images. */
class CitraSparkJobTest {
    @Test
    void writesOneParquetRowPerImageAndEvaluatesByFolder(@TempDir Path tmp) throws Exception {
        Path input = inputWithCorruptFile(tmp);
        Path out = tmp.resolve("predictions");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        JobArguments args = JobArguments.parse("--model", SparkFixtures.bundle().toString(), "--input", input.toString(),
                "--output", out.toString(), "--top-k", "1", "--batch", "32", "--evaluate");
        long written = CitraSparkJob.run(SparkFixtures.spark(), args, new PrintStream(console, true, StandardCharsets.UTF_8));

        SparkSession spark = SparkFixtures.spark();
        Dataset<Row> back = spark.read().parquet(out.toString());
        assertEquals(written, back.count());
        assertEquals(1 + 40 + 40, written, "40 of each class and one corrupt file");
        assertEquals(1, back.where("error IS NOT NULL AND prediction IS NULL").count());
        assertEquals(80, back.where("error IS NULL AND prediction IN ('Closed', 'Open') AND size(top_k) = 1").count());
        String text = console.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Predicted 81 images (1 unreadable) in "), text);
        assertTrue(text.contains("Evaluated 80 images (1 unreadable left out): accuracy "), text);

        CitraException again = assertThrows(CitraException.class, () -> CitraSparkJob.run(spark, args, System.out));
        assertTrue(again.getMessage().contains("already exists: pass a new folder, or --overwrite"), again.getMessage());
    }

    @Test
    void csvOutputFlattensTheTopK(@TempDir Path tmp) throws Exception {
        Path input = inputWithCorruptFile(tmp);
        Path out = tmp.resolve("csv");
        CitraSparkJob.run(SparkFixtures.spark(), JobArguments.parse("--model", SparkFixtures.bundle().toString(), "--input",
                input + "/Open/*.jpg", "--output", out.toString(), "--format", "csv"), new PrintStream(
                        java.io.OutputStream.nullOutputStream()));
        Dataset<Row> back = SparkFixtures.spark().read().option("header", "true").csv(out.toString());
        assertEquals(List.of("path", "label_1", "probability_1", "label_2", "probability_2", "label_3", "probability_3",
                "error"), List.of(back.columns()), "3 asked, 2 classes: the third pair stays empty");
        assertEquals(40, back.count(), "the glob takes the Open images only");
    }

    @Test
    void badArgumentsGetOneSentenceAndTheUsage() {
        CitraException missing = assertThrows(CitraException.class, () -> JobArguments.parse("--model", "m"));
        assertTrue(missing.getMessage().startsWith("--model, --input and --output are required. Usage: spark-submit"),
                missing.getMessage());
        CitraException format = assertThrows(CitraException.class,
                () -> JobArguments.parse("--model", "m", "--input", "i", "--output", "o", "--format", "json"));
        assertEquals("--format must be parquet or csv, not 'json'.", format.getMessage());
        CitraException k = assertThrows(CitraException.class, () -> JobArguments.parse("--top-k", "zero"));
        assertEquals("--top-k must be a whole number of at least 1, not 'zero'.", k.getMessage());
        CitraException unknown = assertThrows(CitraException.class, () -> JobArguments.parse("--modle", "m"));
        assertTrue(unknown.getMessage().startsWith("Unknown argument '--modle'."), unknown.getMessage());
    }

    /** 40 images of each class, as class folders, and one corrupt file among the closed ones. */
    private static Path inputWithCorruptFile(Path tmp) throws Exception {
        Path input = tmp.resolve("in");
        for (String eyes : new String[] {"Closed", "Open"}) {
            Path to = Files.createDirectories(input.resolve(eyes));
            try (var files = Files.list(SparkFixtures.images().resolve(eyes))) {
                for (Path f : files.filter(p -> !p.endsWith("corrupt.jpg")).sorted().skip(100).limit(40).toList()) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        Files.write(input.resolve("Closed/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        return input;
    }
}
