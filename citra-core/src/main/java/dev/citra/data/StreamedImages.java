package dev.citra.data;

import dev.citra.CitraException;
import dev.citra.image.CorruptImageException;
import dev.citra.image.ImageDecoder;
import dev.citra.image.ImageSpec;
import dev.citra.util.Progress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Images that stay out of the Java heap: decoded once into a memory-mapped file
 * ({@link CacheMode#DISK}), or decoded again from their folder or zip at every read
 * ({@link CacheMode#NONE}). Either way a first pass reads every file once, for the fingerprint
 * and to skip (with the reason) what cannot be used, as {@link ImageLoader} does; with the disk
 * cache that pass is the decoding itself, without one it checks only what is cheap to check
 * (the header and that the file is complete).
 *
 * <p>A file that passes that check and still fails to decode when it is read (damage inside the
 * image data) is listed in {@link #skipped()} from then on, reported once to the listener given
 * at creation, and the next image of the same class (in store order, wrapping round) stands in
 * for it: a batch keeps its size and labels, and the same files give the same batches.
 */
public final class StreamedImages implements ImageStore, AutoCloseable {
    private final List<String> classes;
    private final List<Sample> samples;
    private final int[] labels;
    private final List<String> ids;
    private final String fingerprint;
    private final List<SkippedFile> skippedAtLoad;
    private final ImageSpec spec;
    private final ImageDecoder decoder = new ImageDecoder();
    /** The decoded pixels; null when every read decodes. */
    private final PixelFile pixels;
    /** The slot of each image in {@link #pixels}: its index in the data set the store was made from. */
    private final int[] slots;
    private final Consumer<SkippedFile> onSkip;
    /** Images that failed to decode while streaming, by index, in the order they were met. */
    private final Map<Integer, SkippedFile> failed = new ConcurrentHashMap<>();
    private final List<SkippedFile> failedInOrder = java.util.Collections.synchronizedList(new ArrayList<>());

    private StreamedImages(ImageDataset ds, ImageLoader.Scan scan, ImageSpec spec, PixelFile pixels,
            Consumer<SkippedFile> onSkip) {
        this.classes = ds.classes();
        this.samples = java.util.Arrays.stream(scan.kept()).mapToObj(ds.samples()::get).toList();
        this.labels = scan.labels(ds);
        this.ids = scan.ids(ds);
        this.fingerprint = scan.fingerprint();
        this.skippedAtLoad = scan.skipped();
        this.spec = spec;
        this.pixels = pixels;
        this.slots = scan.kept();
        this.onSkip = onSkip;
    }

    /**
     * Checks every sample of {@code ds} ({@link ImageDecoder#check}) on {@code workers} threads and
     * returns a store that decodes each image when it is read.
     *
     * @param onSkip told of each image that fails to decode later, while streaming
     */
    public static StreamedImages decoding(ImageDataset ds, ImageSpec spec, int workers, IntConsumer progress,
            Consumer<SkippedFile> onSkip) {
        ImageDecoder checker = new ImageDecoder();
        try (Progress console = Progress.onConsole("Checking " + ds.size() + " images", ds.size())) {
            ImageLoader.Scan scan = ImageLoader.scan(ds, workers, progress.andThen(console), (i, sample, bytes) -> {
                if (bytes != null) {
                    checker.check(bytes);
                }
            });
            return new StreamedImages(ds, scan, spec, null, onSkip);
        }
    }

    /**
     * Decodes every sample of {@code ds} on {@code workers} threads into {@code file} (made anew;
     * deleted by {@link #close}) and returns a store that reads them from there.
     */
    public static StreamedImages onDisk(ImageDataset ds, ImageSpec spec, Path file, int workers, IntConsumer progress) {
        PixelFile pixels = new PixelFile(file, ds.size(), spec.tensorLength());
        ImageDecoder decoder = new ImageDecoder();
        try (Progress console = Progress.onConsole("Decoding " + ds.size() + " images to " + file.getFileName(),
                ds.size())) {
            ImageLoader.Scan scan = ImageLoader.scan(ds, workers, progress.andThen(console),
                    (i, sample, bytes) -> pixels.write(i, ImageLoader.tensorOf(sample, bytes, spec, decoder)));
            return new StreamedImages(ds, scan, spec, pixels, s -> {});
        } catch (RuntimeException | Error e) {
            pixels.close();
            throw e;
        }
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int[] labels() {
        return labels;
    }

    @Override
    public List<String> ids() {
        return ids;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    /** The files skipped when the store was made, then those that failed to decode since, in the order met. */
    @Override
    public List<SkippedFile> skipped() {
        List<SkippedFile> all = new ArrayList<>(skippedAtLoad);
        synchronized (failedInOrder) {
            all.addAll(failedInOrder);
        }
        return all;
    }

    /** Whether the images are in a file rather than decoded at every read. */
    public boolean cached() {
        return pixels != null;
    }

    @Override
    public float[] tensor(int index) {
        if (pixels != null) {
            return pixels.read(slots[index]);
        }
        for (int k = 0, i = index; k < samples.size(); k++, i = (i + 1) % samples.size()) {
            if (labels[i] != labels[index] || failed.containsKey(i)) {
                continue;
            }
            Sample s = samples.get(i);
            try {
                byte[] bytes = s.source() instanceof GreyPixels ? null : s.source().read();
                return ImageLoader.tensorOf(s, bytes, spec, decoder);
            } catch (CorruptImageException e) {
                fail(i, e.reason());
            } catch (IOException e) {
                fail(i, ImageLoader.unreadable(e));
            }
        }
        throw new CitraException("No image of class '" + classes.get(labels[index]) + "' can be decoded any more (the"
                + " last, " + ids.get(index) + ", failed while streaming): check the files listed in the log.");
    }

    private void fail(int index, String reason) {
        SkippedFile skipped = new SkippedFile(ids.get(index), reason);
        if (failed.putIfAbsent(index, skipped) == null) {
            failedInOrder.add(skipped);
            onSkip.accept(skipped);
        }
    }

    @Override
    public void close() {
        if (pixels != null) {
            pixels.close();
        }
    }
}
