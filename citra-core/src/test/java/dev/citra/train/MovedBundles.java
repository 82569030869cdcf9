package dev.citra.train;

import dev.citra.classify.RunResult;
import dev.citra.infer.Classifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Checks that a bundle is self-contained: copied elsewhere, it classifies as the run did. */
final class MovedBundles {
    private MovedBundles() {}

    /** Copies the files of bundle {@code from} into a new folder {@code to}; returns {@code to}. */
    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    /** Accuracy on the run's test split (images under {@code data}), which the run measured in memory. */
    static double testAccuracy(Classifier c, RunResult r, Path data) throws IOException {
        List<String> lines = Files.readAllLines(r.runDir().resolve("splits").resolve("test.txt"));
        int right = 0;
        for (String line : lines) {
            String[] f = line.split("\t");
            right += c.predict(data.resolve(f[0]), 1).get(0).label().equals(f[1]) ? 1 : 0;
        }
        return right / (double) lines.size();
    }
}
