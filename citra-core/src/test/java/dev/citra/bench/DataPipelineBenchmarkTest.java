package dev.citra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.data.CacheMode;
import dev.citra.data.DataOptions;
import dev.citra.data.DataSource;
import dev.citra.data.ImageDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data-pipeline bench's generated zip is a data set, and each cache mode runs through it. */
class DataPipelineBenchmarkTest {
    @Test
    void generatedZipTrainsUnderEachMode(@TempDir Path dir) {
        Path zip = DataPipelineBenchmark.generate(dir.resolve("d.zip"), 90, 16, 3, 1);
        ImageDataset ds = DataSource.open(zip, DataOptions.defaults()).dataset();
        assertEquals(90, ds.size());
        assertEquals(3, ds.classes().size());
        for (CacheMode mode : new CacheMode[] {CacheMode.AUTO, CacheMode.DISK, CacheMode.NONE}) {
            DataPipelineBenchmark.Result r = DataPipelineBenchmark.run(zip, mode, "simple-cnn", 16, 16, 2, 1,
                    dir.resolve("cache"));
            assertEquals(90, r.images());
            // 90 tiny images take far less than half of any heap.
            assertEquals(mode == CacheMode.AUTO ? CacheMode.RAM : mode, r.mode(), r.line());
            assertTrue(r.firstPassImagesPerSecond() > 0 && r.loaderImagesPerSecond() > 0
                    && r.epochImagesPerSecond() > 0, r.toString());
            assertTrue(r.heapPeakBytes() > 0 && r.heapPeakBytes() <= r.heapMaxBytes() * 2, r.toString());
            assertTrue(Files.notExists(dir.resolve("cache/bench.pixels")), "the disk cache is released");
        }
    }
}
