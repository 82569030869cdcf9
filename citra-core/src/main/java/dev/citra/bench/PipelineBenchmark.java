package dev.citra.bench;

import dev.citra.image.ImageEncoding;
import dev.citra.data.DecodedImages;
import dev.citra.data.ImageDataset;
import dev.citra.data.ImageLoader;
import dev.citra.data.Sample;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
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
}
