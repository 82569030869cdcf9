package dev.citra.spark;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.citra.classify.RunResult;
import dev.citra.classify.TrainingJob;
import dev.citra.train.ConfigIO;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.spark.sql.SparkSession;

/**
 * What the Spark tests share: one local[2] session, the eye-state images unpacked (with one
 * corrupt file among them) and a small classifier trained on them for real.
 */
final class SparkFixtures {
    /** A file with an image's name that no decoder reads. */
    static final String CORRUPT = "Closed/corrupt.jpg";

    private static SparkSession spark;
    private static Path images;
    private static Path bundle;

    private SparkFixtures() {}

    /** A temporary folder removed when the test JVM exits (the fixtures outlive any one test). */
    private static Path tempDir(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a leftover temporary folder is harmless
            }
        }));
        return dir;
    }

    /** The local[2] session, made once per test JVM (starting Spark takes seconds). */
    static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("citra-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
        }
        return spark;
    }

    /** The eye-state folder (Closed/, Open/, 1,256 JPEGs and the corrupt file); skips the test without the data. */
    static synchronized Path images() throws IOException {
        if (images == null) {
            Path zip = Path.of(System.getProperty("citra.shared", "../../shared"), "data", "eyes-state.zip");
            assumeTrue(Files.isRegularFile(zip), "eyes-state.zip not found at " + zip.toAbsolutePath() + ": skipped");
            Path dir = tempDir("citra-spark-eyes-");
            try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
                for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                    Path target = dir.resolve(e.getName()).normalize();
                    if (!e.isDirectory() && target.startsWith(dir)) {
                        Files.createDirectories(target.getParent());
                        Files.copy(z, target);
                    }
                }
            }
            Files.writeString(dir.resolve(CORRUPT), "not a jpeg");
            images = dir;
        }
        return images;
    }

    /**
     * A simple-cnn trained for real on 60 images of each class at 24×24, 6 epochs (seconds): a
     * small bundle that has learnt something, so its predictions are not all alike.
     */
    static synchronized Path bundle() throws IOException {
        if (bundle == null) {
            Path train = tempDir("citra-spark-train-");
            for (String eyes : new String[] {"Closed", "Open"}) {
                Path to = Files.createDirectories(train.resolve(eyes));
                try (Stream<Path> files = Files.list(images().resolve(eyes))) {
                    for (Path f : files.sorted().limit(60).toList()) {
                        Files.copy(f, to.resolve(f.getFileName()));
                    }
                }
            }
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("data", train.toString());
            config.put("out", tempDir("citra-spark-runs-").toString());
            config.put("name", "eyes");
            config.put("img_size", 24);
            config.put("epochs", 6);
            config.put("lr", 0.003);
            config.put("batch", 16);
            config.put("seed", 5);
            config.put("early_stopping.patience", 0);
            config.put("reduce_lr.patience", 0);
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            RunResult run = new TrainingJob(ConfigIO.fromMap(config), quiet).run();
            bundle = run.bestBundle();
        }
        return bundle;
    }
}
