package dev.citra.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.classify.RunResult;
import dev.citra.classify.TrainingJob;
import dev.citra.data.DataOptions;
import dev.citra.data.DamagedImages;
import dev.citra.data.DataSource;
import dev.citra.data.DatasetSplit;
import dev.citra.data.ImageDataset;
import dev.citra.data.ImageLoader;
import dev.citra.data.ImageStore;
import dev.citra.data.Splits;
import dev.citra.data.StreamedImages;
import dev.citra.eval.EpochRecord;
import dev.citra.image.ImageSpec;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.Network;
import dev.citra.train.optim.Optimizer;
import dev.citra.train.optim.Optimizers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training reads the same batches whether the images are in memory, in the disk cache or decoded
 * every epoch; a run that decodes every epoch learns, and resumes after a kill.
 */
class CacheModesTrainingTest {
    @TempDir
    static Path shared;

    static Path data;

    @BeforeAll
    static void drawData() throws Exception {
        data = ColourData.write(shared.resolve("colours"), 40, 11);
    }

    private static Map<String, Object> config(Path out, String name, String cache, int epochs) {
        Map<String, Object> m = TrainFixtures.smallRun(data, out, name, 16, 5);
        m.put("epochs", epochs);
        m.put("lr", 0.003);
        m.put("workers", 3);
        m.put("cache", cache);
        m.put("augment", Map.of("rotation_range", 20, "width_shift_range", 0.1, "horizontal_flip", true));
        return m;
    }

    /** Every batch input of two epochs, as the training step received it. */
    private static List<float[]> batches(TrainConfig config, ImageStore train, ImageStore val) {
        List<float[]> seen = new ArrayList<>();
        ClassifierTrainer.BatchTap tap = (epoch, batch, inputs, labels, count, afterStep) -> {
            if (!afterStep) {
                seen.add(Arrays.copyOf(inputs, count * config.imageSpec().tensorLength()));
            }
        };
        try (Network network = Network.create(ArchitectureRegistry.defaults(), config.model().architecture(),
                config.imageSpec(), train.classes(), config.seed());
                Optimizer optimizer = Optimizers.create("adam", 0, 0)) {
            new ClassifierTrainer(config, List.of()).withTap(tap).fit(network, optimizer, train, val, null, List.of());
        }
        return seen;
    }

    @Test
    void ramDiskAndNoneFeedTheSameBatches(@TempDir Path out) {
        TrainConfig config = ConfigIO.fromMap(config(out, "same", "auto", 2)).validate();
        ImageSpec spec = config.imageSpec();
        ImageDataset all = DataSource.open(data, DataOptions.defaults()).dataset();
        DatasetSplit split = Splits.stratified(all, 0.2, 0, 5);
        List<float[]> ram = batches(config, ImageLoader.decodeAll(split.train(), spec, 3, d -> {}),
                ImageLoader.decodeAll(split.val(), spec, 3, d -> {}));
        List<float[]> disk;
        List<float[]> none;
        try (StreamedImages train = StreamedImages.onDisk(split.train(), spec, out.resolve("c/train.pixels"), 3, d -> {});
                StreamedImages val = StreamedImages.onDisk(split.val(), spec, out.resolve("c/val.pixels"), 3, d -> {})) {
            disk = batches(config, train, val);
        }
        try (StreamedImages train = StreamedImages.decoding(split.train(), spec, 3, d -> {}, s -> {});
                StreamedImages val = StreamedImages.decoding(split.val(), spec, 3, d -> {}, s -> {})) {
            none = batches(config, train, val);
        }
        // 96 training images in batches of 16, two epochs.
        assertEquals(12, ram.size());
        for (List<float[]> other : List.of(disk, none)) {
            assertEquals(ram.size(), other.size());
            for (int b = 0; b < ram.size(); b++) {
                assertArrayEquals(ram.get(b), other.get(b), "batch " + b);
            }
        }
    }

    @Test
    void decodingEveryEpochLearnsAndResumesAfterAKill(@TempDir Path out) throws Exception {
        Map<String, Object> m = config(out, "none", "none", 8);
        m.put("val_split", 0.2);
        m.put("test_split", 0.25);
        TrainingListener killer = new TrainingListener() {
            @Override
            public void onBatchEnd(TrainingContext ctx, int batch, int batches, double loss, double acc) {
                if (ctx.epoch() == 3 && batch == 2) {
                    throw new IllegalStateException("simulated kill");
                }
            }
        };
        TrainConfig config = ConfigIO.fromMap(m);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new TrainingJob(config, TrainFixtures.QUIET).withListeners(List.of(killer)).run());
        Path run = out.resolve("classify/none");
        assertTrue(Files.notExists(run.resolve("cache")), "no cache folder with cache none");
        RunResult r = TrainingJob.resume(run, Map.of(), TrainFixtures.QUIET);
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), r.history().stream().map(EpochRecord::epoch).toList());
        double accuracy = r.metrics().get("test_accuracy");
        // Three classes: chance is 1/3.
        assertTrue(accuracy >= 0.8, "test accuracy " + accuracy + " history " + r.history());
        String log = Files.readString(run.resolve("log.txt"));
        assertTrue(log.contains("Cache: none (asked for) — 120 images at 16 px need"), log);
        assertTrue(log.contains("Resuming after epoch 2"), log);
        assertTrue(!log.contains("the training data differs"), "the fingerprint is the in-memory one: " + log);
    }

    @Test
    void autoOnSmallDataKeepsItInMemoryAndSaysSo(@TempDir Path out) throws Exception {
        RunResult r = new TrainingJob(ConfigIO.fromMap(config(out, "auto", "auto", 1)), TrainFixtures.QUIET).run();
        String log = Files.readString(r.runDir().resolve("log.txt"));
        assertTrue(log.contains("Cache: ram — 120 images at 16 px need 1 MB decoded, at most half the"), log);
        assertEquals(1, log.lines().filter(l -> l.contains("Cache: ")).count(), log);
    }

    @Test
    void aFileThatFailsWhileStreamingIsLoggedAndReported(@TempDir Path out) throws Exception {
        Path copy = out.resolve("colours");
        try (var files = Files.walk(data)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(data.relativize(f).toString()));
            }
        }
        Path victim = copy.resolve("class1/7.png");
        Files.write(victim, DamagedImages.damagedInside(Files.readAllBytes(victim)));
        Map<String, Object> m = config(out, "damaged", "none", 1);
        m.put("data", copy.toString());
        m.put("val_split", 0.0);
        m.put("test_split", 0.2);
        RunResult r = new TrainingJob(ConfigIO.fromMap(m), TrainFixtures.QUIET).run();
        String log = Files.readString(r.runDir().resolve("log.txt"));
        assertTrue(log.contains("Skipped class1/7.png while streaming: truncated or corrupt"), log);
        String report = Files.readString(r.runDir().resolve("report.json"));
        assertTrue(report.contains("class1/7.png"), report);
    }
}
