package dev.citra.data;

import dev.citra.CitraException;
import dev.citra.image.CorruptImageException;
import dev.citra.image.ImageDecoder;
import dev.citra.image.ImagePreprocessor;
import dev.citra.image.ImageSpec;
import dev.citra.util.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Decodes a whole data set into memory on a pool of worker threads. Corrupt, truncated or
 * unreadable images are skipped and listed with the reason, never fatal.
 */
public final class ImageLoader {
    private ImageLoader() {}

    /** {@link #decodeAll(ImageDataset, ImageSpec, int, IntConsumer)} on all processors, without progress. */
    public static DecodedImages decodeAll(ImageDataset ds, ImageSpec spec) {
        return decodeAll(ds, spec, 0, done -> {});
    }

    /**
     * Reads, decodes and pre-processes every sample of {@code ds} for {@code spec}.
     *
     * <p>The result keeps the data set's order. Its fingerprint is the hex SHA-256 over, for each
     * image kept in order, {@code id + '\n' + label + '\n' + hex sha256(bytes) + '\n'} (for
     * {@link GreyPixels}, the bytes are the raw pixels): two runs
     * trained on the same files with the same labels have the same fingerprint.
     *
     * @param workers number of threads; 0 or less means one per available processor
     * @param progress receives the number of samples done so far, possibly from several threads at once;
     *     a {@link Progress} line on the console shows it too (count, rate, ETA; silent when not a terminal)
     */
    public static DecodedImages decodeAll(ImageDataset ds, ImageSpec spec, int workers, IntConsumer progress) {
        try (Progress console = Progress.onConsole("Decoding " + ds.size() + " images", ds.size())) {
            return decode(ds, spec, workers, progress.andThen(console));
        }
    }

    private static DecodedImages decode(ImageDataset ds, ImageSpec spec, int workers, IntConsumer progress) {
        int n = ds.size();
        float[][] tensors = new float[n][];
        String[] reasons = new String[n];
        byte[][] hashes = new byte[n][];
        if (n > 0) {
            int threads = Math.min(n, workers > 0 ? workers : Runtime.getRuntime().availableProcessors());
            run(ds, spec, threads, progress, tensors, reasons, hashes);
        }
        List<float[]> kept = new ArrayList<>(n);
        List<String> ids = new ArrayList<>(n);
        List<Integer> labels = new ArrayList<>(n);
        List<SkippedFile> skipped = new ArrayList<>();
        MessageDigest fingerprint = DecodedImages.sha256();
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < n; i++) {
            Sample s = ds.samples().get(i);
            if (reasons[i] != null) {
                skipped.add(new SkippedFile(s.id(), reasons[i]));
                continue;
            }
            kept.add(tensors[i]);
            ids.add(s.id());
            labels.add(s.label());
            String line = s.id() + '\n' + s.label() + '\n' + hex.formatHex(hashes[i]) + '\n';
            fingerprint.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return new DecodedImages(ds.classes(), kept.toArray(float[][]::new),
                labels.stream().mapToInt(Integer::intValue).toArray(), ids, skipped, hex.formatHex(fingerprint.digest()));
    }

    private static void run(ImageDataset ds, ImageSpec spec, int threads, IntConsumer progress, float[][] tensors,
            String[] reasons, byte[][] hashes) {
        ImageDecoder decoder = new ImageDecoder();
        List<Sample> samples = ds.samples();
        // Workers pull the next index from a shared counter: no task per image, and even load.
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable worker = () -> {
            MessageDigest sha = DecodedImages.sha256();
            for (int i = next.getAndIncrement(); i < samples.size() && !Thread.currentThread().isInterrupted();
                    i = next.getAndIncrement()) {
                Sample s = samples.get(i);
                try {
                    if (s.source() instanceof GreyPixels grey) {
                        // Raw pixels (a CSV data set): no encoding and decoding; the hash is over the pixels.
                        hashes[i] = sha.digest(grey.pixels());
                        tensors[i] = ImagePreprocessor.toTensor(grey.image(), spec);
                        progress.accept(done.incrementAndGet());
                        continue;
                    }
                    byte[] bytes = s.source().read();
                    hashes[i] = sha.digest(bytes);
                    tensors[i] = ImagePreprocessor.toTensor(decoder.decode(bytes), spec);
                } catch (CorruptImageException e) {
                    reasons[i] = e.reason();
                } catch (IOException e) {
                    reasons[i] = "could not be read (" + e.getMessage() + ")";
                }
                progress.accept(done.incrementAndGet());
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(worker));
            }
            // Future.get also publishes the workers' writes to the arrays to this thread.
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CitraException("Decoding of " + samples.size() + " images was interrupted: run the command again.", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "citra-decode-" + count.incrementAndGet());
            // Daemon: a failed or abandoned decode must not keep the JVM alive.
            t.setDaemon(true);
            return t;
        };
    }
}
