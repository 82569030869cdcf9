package dev.citra.train;

import dev.citra.data.DemoDataset;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the training tests share: generated shapes and the config of a small run. */
final class TrainFixtures {
    /** A console nobody reads. */
    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private TrainFixtures() {}

    /** Draws the demo shapes into {@code dir}/shapes and returns that folder. */
    static Path shapes(Path dir, int perClass, int size, long seed) throws IOException {
        Path data = dir.resolve("shapes");
        DemoDataset.write(data, perClass, size, seed);
        return data;
    }

    /** A small run on {@code data}: batch 16, early stopping and LR reduction off; callers add the rest. */
    static Map<String, Object> smallRun(Path data, Path out, String name, int imgSize, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("out", out.toString());
        m.put("name", name);
        m.put("img_size", imgSize);
        m.put("batch", 16);
        m.put("seed", seed);
        m.put("early_stopping.patience", 0);
        m.put("reduce_lr.patience", 0);
        return m;
    }
}
