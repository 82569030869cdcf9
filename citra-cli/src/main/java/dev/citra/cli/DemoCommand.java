package dev.citra.cli;

import dev.citra.data.DemoDataset;
import dev.citra.train.ConfigIO;
import dev.citra.classify.RunResult;
import dev.citra.train.TrainConfig;
import dev.citra.classify.TrainingJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code citra demo}: draws the built-in shapes data set, trains simple-cnn on it for a few
 * epochs, evaluates on a held-out split and writes a complete run folder. No download.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        header = "Train, evaluate and report a small CNN on built-in drawn shapes (no download).",
        description = "Generate the built-in demo data (drawn shapes: circle, square, triangle, cross, ...) and train,"
                + " evaluate and report a small CNN on it in a few minutes on a CPU. Nothing is downloaded.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "Folder of runs (default runs/).")
    Path out;

    @Option(names = "--per-class", paramLabel = "N", defaultValue = "400", description = "Images drawn per class (default 400).")
    int perClass;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "25", description = "Epochs (default 25).")
    int epochs;

    @Option(names = "--img-size", paramLabel = "PX", defaultValue = "32", description = "Input size (default 32).")
    int imgSize;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed (default 42).")
    long seed;

    /** Side of the drawn images; training resizes them to --img-size. */
    private static final int DRAWN_SIZE = 64;

    @Override
    public Integer call() throws Exception {
        if (perClass < 20 || perClass > 100_000) {
            throw new dev.citra.CitraException("--per-class must be between 20 and 100000, not " + perClass + ".");
        }
        Path data = out.resolve("demo-data");
        // Data drawn earlier with another --seed or --per-class is drawn again: the run is what its flags say.
        if (!DemoDataset.isComplete(data, perClass, DRAWN_SIZE, seed)) {
            System.out.printf("Drawing the demo data set (%d images per class, seed %d) into %s%n", perClass, seed,
                    data);
            Files.createDirectories(out);
            DemoDataset.write(data, perClass, DRAWN_SIZE, seed);
        } else {
            System.out.printf("Using the demo data set in %s (%d images per class, seed %d)%n", data, perClass, seed);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("data", data.toString());
        values.put("model", "simple-cnn");
        values.put("img_size", imgSize);
        values.put("epochs", epochs);
        values.put("batch", 32);
        values.put("lr", 0.003);
        values.put("val_split", 0.15);
        values.put("test_split", 0.15);
        values.put("seed", seed);
        values.put("name", "demo");
        values.put("out", out.toString());
        values.put("early_stopping.patience", 8);
        values.put("reduce_lr.patience", 3);
        TrainConfig config = ConfigIO.fromMap(values);
        RunResult result = new TrainingJob(config, System.out).run();
        Summary.print(result, System.out);
        return 0;
    }
}
