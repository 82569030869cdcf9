package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.bench.DataPipelineBenchmark;
import dev.citra.data.CacheMode;
import dev.citra.util.Engines;
import dev.citra.util.TemporaryFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code citra bench --data-pipeline}: the cache modes side by side, printed one line each. */
final class DataPipelineBench {
    private DataPipelineBench() {}

    static int run(Path dir, int fits, int images, int size, int batch) throws IOException {
        if (images < 0 || fits < 0 || images + fits == 0 || size < 8 || size > 1024) {
            throw new CitraException("--data-images and --data-fits must be 0 or more (not both 0) and --data-size 8 to"
                    + " 1024.");
        }
        Engines.pytorch();
        int workers = Runtime.getRuntime().availableProcessors();
        // A temporary folder also goes on Ctrl-C: a 100,000-image run writes gigabytes into it.
        try (TemporaryFolder temporary = dir == null ? new TemporaryFolder(null, "citra-data-bench", System.out)
                : null) {
            Path root = temporary != null ? temporary.path() : Files.createDirectories(dir);
            System.out.printf(Locale.ROOT, "data-pipeline: %d cores, %d workers, heap max %d MB, simple-cnn@%d, batch %d%n",
                    workers, workers, Runtime.getRuntime().maxMemory() >> 20, size, batch);
            if (fits > 0) {
                Path zip = generate(root, fits, size);
                List<DataPipelineBenchmark.Result> r = new ArrayList<>();
                // In memory first and last: the ratios are against their mean, so that a machine that
                // slows down or speeds up during the runs does not favour one mode.
                for (CacheMode mode : List.of(CacheMode.RAM, CacheMode.DISK, CacheMode.NONE, CacheMode.RAM)) {
                    r.add(print(DataPipelineBenchmark.run(zip, mode, "simple-cnn", size, batch, workers, 2, root)));
                }
                double ram = (r.get(0).epochImagesPerSecond() + r.get(3).epochImagesPerSecond()) / 2;
                System.out.printf(Locale.ROOT, "data-pipeline fits: epoch img/s disk/ram %.2f, none/ram %.2f (ram: mean of"
                        + " the first and last run)%n", r.get(1).epochImagesPerSecond() / ram,
                        r.get(2).epochImagesPerSecond() / ram);
                Files.delete(zip);
            }
            if (images > 0) {
                Path zip = generate(root, images, size);
                for (CacheMode mode : List.of(CacheMode.AUTO, CacheMode.NONE)) {
                    print(DataPipelineBenchmark.run(zip, mode, "simple-cnn", size, batch, workers, 1, root));
                }
                Files.delete(zip);
            }
        }
        return 0;
    }

    private static Path generate(Path root, int images, int size) throws IOException {
        long start = System.nanoTime();
        Path zip = DataPipelineBenchmark.generate(root.resolve("data-" + images + ".zip"), images, size, 10, 1);
        System.out.printf(Locale.ROOT, "data-pipeline generated %d images %dx%d in %.1f s (zip %d MB)%n", images, size,
                size, (System.nanoTime() - start) / 1e9, Files.size(zip) >> 20);
        return zip;
    }

    private static DataPipelineBenchmark.Result print(DataPipelineBenchmark.Result r) {
        System.out.printf(Locale.ROOT, "data-pipeline images=%d cache=%s first_pass_img_s=%.0f loader_img_s=%.0f"
                + " epoch_img_s=%.1f heap_peak_mb=%d heap_max_mb=%d rss_mb=%d%n  %s%n", r.images(), r.mode().id(),
                r.firstPassImagesPerSecond(), r.loaderImagesPerSecond(), r.epochImagesPerSecond(), r.heapPeakBytes() >> 20,
                r.heapMaxBytes() >> 20, r.residentBytes() >> 20, r.line());
        return r;
    }
}
