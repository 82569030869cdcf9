package dev.citra.spark;

import dev.citra.infer.Classifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.spark.SparkFiles;

/**
 * The classifiers loaded in this JVM, one per bundle fingerprint: an executor's tasks (and
 * the jobs after them) share the model instead of each loading its own. {@link Classifier} is
 * thread-safe, so concurrent tasks pre-process in parallel and take turns on the network.
 */
final class ExecutorModels {
    private static final Map<String, Classifier> LOADED = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {}

    /** The bundle's classifier, unpacked and loaded on first use in this JVM. */
    static Classifier get(ShippedBundle bundle) {
        return LOADED.computeIfAbsent(bundle.fingerprint(), fingerprint -> load(bundle));
    }

    /** How many bundles this JVM has loaded (a test's witness that tasks share them). */
    static int loads() {
        return LOADS.get();
    }

    private static Classifier load(ShippedBundle bundle) {
        Path zip = Path.of(SparkFiles.get(bundle.fileName()));
        try {
            Path dir = Files.createTempDirectory("citra-bundle-");
            unzip(zip, dir);
            Classifier classifier = Classifier.load(dir);
            LOADS.incrementAndGet();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                classifier.close();
                deleteTree(dir);
            }, "citra-bundle-cleanup"));
            return classifier;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack the model bundle " + zip, e);
        }
    }

    private static void unzip(Path zip, Path dir) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("entry " + e.getName() + " points outside the bundle");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(z, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A temp folder left behind at exit is harmless.
        }
    }
}
