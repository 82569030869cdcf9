package dev.citra.data;

import dev.citra.image.ImageSpec;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Where a run keeps its decoded images between epochs, decided once for all its splits, and why.
 *
 * @param mode {@link CacheMode#RAM}, {@link CacheMode#DISK} or {@link CacheMode#NONE}, never auto
 * @param line the one log line that says which and why
 */
public record ImageCache(CacheMode mode, String line) {
    public ImageCache {
        if (mode == CacheMode.AUTO) {
            throw new IllegalArgumentException("an image cache is ram, disk or none, not auto");
        }
    }

    /**
     * The mode for {@code images} images of {@code spec}: the one asked for, or with
     * {@link CacheMode#AUTO}, ram when the decoded images (float32) take at most half of
     * {@code maxHeap}, else disk when they fit in {@code freeDisk} (with a fifth to spare), else none.
     */
    public static ImageCache choose(CacheMode asked, long images, ImageSpec spec, long maxHeap, long freeDisk) {
        long bytes = PixelFile.bytes(images, spec.tensorLength());
        String need = String.format(Locale.ROOT, "%,d images at %d px need %s decoded", images, spec.size(), size(bytes));
        String heap = "half the " + size(maxHeap) + " heap";
        if (asked != CacheMode.AUTO) {
            return new ImageCache(asked, "Cache: " + asked.id() + " (asked for) — " + need);
        }
        if (bytes <= maxHeap / 2) {
            return new ImageCache(CacheMode.RAM, "Cache: ram — " + need + ", at most " + heap);
        }
        if (bytes <= freeDisk / 5 * 4) {
            return new ImageCache(CacheMode.DISK, "Cache: disk — " + need + ", more than " + heap);
        }
        return new ImageCache(CacheMode.NONE, "Cache: none (images decoded every epoch) — " + need + ", more than " + heap
                + " and more than the " + size(freeDisk) + " free on disk");
    }

    /**
     * Reads the images of {@code ds} as this cache keeps them: decoded into memory, decoded into
     * {@code dir/<part>.pixels}, or checked only and decoded at every read.
     *
     * @param onSkip told of each image that fails to decode while streaming (none only)
     */
    public ImageStore open(ImageDataset ds, ImageSpec spec, Path dir, String part, int workers, IntConsumer progress,
            Consumer<SkippedFile> onSkip) {
        return switch (mode) {
            case RAM -> ImageLoader.decodeAll(ds, spec, workers, progress);
            case DISK -> StreamedImages.onDisk(ds, spec, dir.resolve(part + ".pixels"), workers, progress);
            case NONE -> StreamedImages.decoding(ds, spec, workers, progress, onSkip);
            case AUTO -> throw new IllegalStateException("unreachable");
        };
    }

    /** Releases what {@link #open} made for a store (the disk cache's file); nothing for the others. */
    public static void release(ImageStore store) {
        if (store instanceof StreamedImages streamed) {
            streamed.close();
        }
    }

    /** "2.3 GB", "640 MB", "2 GB" (binary units, as -Xmx counts). */
    static String size(long bytes) {
        double gb = bytes / (double) (1L << 30);
        if (gb >= 1) {
            String text = String.format(Locale.ROOT, "%.1f", gb);
            return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + " GB";
        }
        return String.format(Locale.ROOT, "%,d MB", Math.max(1, Math.round(bytes / (double) (1L << 20))));
    }
}
