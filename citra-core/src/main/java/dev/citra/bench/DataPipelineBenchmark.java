package dev.citra.bench;

import dev.citra.data.CacheMode;
import dev.citra.data.DataOptions;
import dev.citra.data.DataSource;
import dev.citra.data.ImageCache;
import dev.citra.data.ImageDataset;
import dev.citra.data.ImageStore;
import dev.citra.eval.EpochRecord;
import dev.citra.image.ImageEncoding;
import dev.citra.image.ImageSpec;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.Network;
import dev.citra.train.BatchFeeder;
import dev.citra.train.ClassifierTrainer;
import dev.citra.train.ConfigIO;
import dev.citra.train.Prefetch;
import dev.citra.train.TrainConfig;
import dev.citra.train.TrainingContext;
import dev.citra.train.optim.Optimizer;
import dev.citra.util.Permutations;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The data pipeline on a generated data set read from a zip, under each cache mode: the first
 * pass (decode into the cache, or check), an epoch of the loader alone (read, decode when not
 * cached, augment, batch) and an epoch of training, with the heap's peak, so that streaming can be
 * set beside the in-memory path and a data set larger than the heap can be shown to train in it.
 */
public final class DataPipelineBenchmark {
    private DataPipelineBenchmark() {}

    /**
     * Figures of one cache mode.
     *
     * @param line the cache's log line (which mode, and why)
     * @param firstPassImagesPerSecond the pass that decodes into the cache, or checks every file
     * @param loaderImagesPerSecond an epoch of batches, augmented, without a network
     * @param epochImagesPerSecond an epoch of training (plus the training-mode check on 512 images)
     * @param heapPeakBytes the most the Java heap held during the three
     * @param residentBytes the process's resident memory at the end
     */
    public record Result(CacheMode mode, String line, int images, double firstPassImagesPerSecond,
            double loaderImagesPerSecond, double epochImagesPerSecond, long heapPeakBytes, long heapMaxBytes,
            long residentBytes) {}

    /**
     * Writes {@code count} distinct {@code size}² RGB JPEGs, {@code classes} class folders of
     * noisy colours, into a new zip at {@code zip}; returns it.
     */
    public static Path generate(Path zip, int count, int size, int classes, long seed) {
        Random random = new Random(seed);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            // JPEGs are compressed already: stored entries, as photo zips mostly are, cost no inflating.
            out.setLevel(0);
            for (int i = 0; i < count; i++) {
                int label = i % classes;
                out.putNextEntry(new ZipEntry(String.format("class%02d/%07d.jpg", label, i)));
                out.write(ImageEncoding.jpeg(noisy(size, label, classes, random)));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + zip, e);
        }
        return zip;
    }

    /** A class's hue under heavy per-pixel noise. */
    private static BufferedImage noisy(int size, int label, int classes, Random random) {
        java.awt.Color base = java.awt.Color.getHSBColor(label / (float) classes, 0.8f, 0.8f);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int r = clamp(base.getRed() + (int) (random.nextGaussian() * 50));
                int g = clamp(base.getGreen() + (int) (random.nextGaussian() * 50));
                int b = clamp(base.getBlue() + (int) (random.nextGaussian() * 50));
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /**
     * Opens {@code data} under {@code cache} (its disk cache in {@code scratch}), then runs an
     * epoch of the loader and {@code epochs} epochs of training {@code model} at {@code imgSize}
     * px with flips and shifts; the training figure is the last epoch's.
     */
    public static Result run(Path data, CacheMode cache, String model, int imgSize, int batch, int workers,
            int epochs, Path scratch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data.toString());
        m.put("model", model);
        m.put("img_size", imgSize);
        m.put("batch", batch);
        m.put("workers", workers);
        m.put("epochs", epochs);
        m.put("early_stopping.patience", 0);
        m.put("reduce_lr.patience", 0);
        m.put("augment", Map.of("width_shift_range", 0.1, "height_shift_range", 0.1, "horizontal_flip", true));
        TrainConfig config = ConfigIO.fromMap(m).validate();
        ImageSpec spec = config.imageSpec();
        ImageDataset ds = DataSource.open(data, DataOptions.defaults()).dataset();
        resetHeapPeak();
        long maxHeap = Runtime.getRuntime().maxMemory();
        ImageCache plan = ImageCache.choose(cache, ds.size(), spec, maxHeap, scratch.toFile().getUsableSpace());
        long start = System.nanoTime();
        ImageStore store = plan.open(ds, spec, scratch, "bench", workers, done -> {}, skipped -> {});
        try {
            double firstPass = store.size() / seconds(start);
            double loader = loaderEpoch(store, config);
            double epoch = trainingEpochs(store, config);
            return new Result(plan.mode(), plan.line(), store.size(), firstPass, loader, epoch, heapPeak(), maxHeap,
                    ModelBenchmark.residentBytes());
        } finally {
            ImageCache.release(store);
        }
    }

    /** Images per second of one epoch of augmented batches, read in a shuffled order, with no network. */
    private static double loaderEpoch(ImageStore store, TrainConfig config) {
        int n = store.size();
        int batch = config.optimisation().batch();
        int batches = (n + batch - 1) / batch;
        int len = config.imageSpec().tensorLength();
        int[] order = Permutations.shuffled(n, new Random(config.seed()));
        long start = System.nanoTime();
        try (BatchFeeder feeder = new BatchFeeder(config.imageSpec(), config.augment(), config.seed(),
                config.data().workers(), 3)) {
            Prefetch prefetch = new Prefetch(batches, 3, b -> {
                int from = b * batch;
                return feeder.prepare(0, b, Math.min(batch, n - from), len, i -> store.tensor(order[from + i]));
            });
            for (int b = 0; b < batches; b++) {
                prefetch.take();
            }
        }
        return n / seconds(start);
    }

    /** Images per second of the last of the config's training epochs. */
    private static double trainingEpochs(ImageStore store, TrainConfig config) {
        try (Network network = Network.create(ArchitectureRegistry.defaults(), config.model().architecture(),
                config.imageSpec(), store.classes(), config.seed());
                Optimizer optimizer = config.optimisation().optimizer().create(config.optimisation().weightDecay(),
                        config.optimisation().momentum())) {
            TrainingContext ctx = new ClassifierTrainer(config, List.of()).fit(network, optimizer, store, null, null,
                    List.of());
            EpochRecord last = ctx.history().get(ctx.history().size() - 1);
            return store.size() / last.seconds();
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void resetHeapPeak() {
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peaks (each pool's own, so at most a little above the true peak). */
    private static long heapPeak() {
        return heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }
}
