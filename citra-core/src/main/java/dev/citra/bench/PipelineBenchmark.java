package dev.citra.bench;

import dev.citra.image.Augmentation;
import dev.citra.image.ImageEncoding;
import dev.citra.data.DecodedImages;
import dev.citra.data.ImageDataset;
import dev.citra.data.ImageLoader;
import dev.citra.data.Sample;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.train.BatchFeeder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Measures the input pipeline (decode JPEG, resize, colour, normalise) in images per second
 * over in-memory JPEGs, so disk speed does not enter the figure.
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {}

    /** Figures for one source size and target spec. */
    public record Result(String label, int images, int workers, double imagesPerSecond) {}

    /**
     * Decodes {@code count} generated JPEGs of {@code sourceSize}² ({@code grey} or RGB) into
     * {@code target} with {@code workers} threads, after one warm-up pass.
     */
    public static Result run(String label, int count, int sourceSize, boolean grey, ImageSpec target, int workers) {
        ImageDataset ds = jpegs(count, sourceSize, grey);
        ImageLoader.decodeAll(ds, target, workers, done -> {});
        long start = System.nanoTime();
        DecodedImages decoded = ImageLoader.decodeAll(ds, target, workers, done -> {});
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(label, decoded.size(), workers, decoded.size() / seconds);
    }

    /** A generated data set of JPEG-encoded images held in memory. */
    static ImageDataset jpegs(int count, int size, boolean grey) {
        Random random = new Random(1);
        List<Sample> samples = new ArrayList<>();
        // A handful of distinct encodings is enough; decoding cost does not depend on reuse.
        List<byte[]> encoded = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            BufferedImage img = new BufferedImage(size, size, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            for (int s = 0; s < 40; s++) {
                g.setColor(new Color(random.nextInt(0xFFFFFF)));
                g.fillOval(random.nextInt(size), random.nextInt(size), 1 + random.nextInt(size / 2), 1 + random.nextInt(size / 2));
            }
            g.dispose();
            encoded.add(ImageEncoding.jpeg(img));
        }
        for (int i = 0; i < count; i++) {
            byte[] bytes = encoded.get(i % encoded.size());
            samples.add(new Sample(String.format("c%d/%05d.jpg", i % 2, i), i % 2, () -> bytes));
        }
        return new ImageDataset(List.of("c0", "c1"), samples);
    }

    /** The FER-2013 case: 48×48 grey JPEG to a 48×48 grey [-1, 1] tensor. */
    public static Result fer2013(int workers) {
        return run("fer2013 48x48 grey jpeg -> 48x48x1", 4096, 48, true, new ImageSpec(48, 1, Normalization.SYMMETRIC), workers);
    }

    /** The transfer-learning case: 224×224 RGB JPEG to a 96×96 RGB ImageNet-normalised tensor. */
    public static Result rgb224(int workers) {
        return run("224x224 rgb jpeg -> 96x96x3", 1024, 224, false, new ImageSpec(96, 3, Normalization.TORCH), workers);
    }

    /** S2's augmentation: rotation ±90°, shifts of ±10 px, zoom 0.7–1.3, horizontal flip. */
    public static final Augmentation S2_AUGMENTATION =
            new Augmentation(90.0, 10.0, 10.0, List.of(0.7, 1.3), true, null, null, null);

    /**
     * The training loop's feed: decoded images (kept in memory, as training keeps them)
     * augmented with S2's augmentation and assembled into batches of 32 by {@link BatchFeeder}
     * with {@code workers} threads; images per second after one warm-up pass.
     */
    public static Result augmented(String label, int count, int sourceSize, boolean grey, ImageSpec target,
            int workers) {
        DecodedImages decoded = ImageLoader.decodeAll(jpegs(count, sourceSize, grey), target, workers, done -> {});
        float[][] images = decoded.tensors();
        int batch = 32;
        try (BatchFeeder feeder = new BatchFeeder(target, S2_AUGMENTATION, 1, workers)) {
            for (int pass = 0; pass < 2; pass++) {
                long start = System.nanoTime();
                for (int b = 0; b * batch < images.length; b++) {
                    int from = b * batch;
                    int n = Math.min(batch, images.length - from);
                    BatchFeeder.await(feeder.prepare(pass, b, n, target.tensorLength(), i -> images[from + i]));
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (pass == 1) {
                    return new Result(label, images.length, workers, images.length / seconds);
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** FER-2013 with S2's augmentation: 48×48 grey tensors augmented in batches. */
    public static Result fer2013Augmented(int workers) {
        return augmented("fer2013 48x48 grey + S2 augmentation, batches of 32", 4096, 48, true,
                new ImageSpec(48, 1, Normalization.SYMMETRIC), workers);
    }

    /** 224×224 RGB with S2's augmentation at full size, as a 224-input backbone trains on it. */
    public static Result rgb224Augmented(int workers) {
        return augmented("224x224x3 + S2 augmentation, batches of 32", 512, 224, false,
                new ImageSpec(224, 3, Normalization.SYMMETRIC), workers);
    }
}
