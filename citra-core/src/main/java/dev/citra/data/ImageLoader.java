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
        float[][] tensors = new float[ds.size()][];
        ImageDecoder decoder = new ImageDecoder();
        Scan scan = scan(ds, workers, progress, (i, sample, bytes) -> tensors[i] = tensorOf(sample, bytes, spec, decoder));
        float[][] kept = new float[scan.kept().length][];
        for (int k = 0; k < kept.length; k++) {
            kept[k] = tensors[scan.kept()[k]];
        }
        return new DecodedImages(ds.classes(), kept, scan.labels(ds), scan.ids(ds), scan.skipped(), scan.fingerprint());
    }

    /** What a pass over a data set does with one sample, on a worker thread. */
    @FunctionalInterface
    interface SampleTask {
        /**
         * @param bytes the encoded image, or null for {@link GreyPixels} (read its pixels)
         * @throws CorruptImageException to skip the sample with the exception's reason
         */
        void accept(int index, Sample sample, byte[] bytes) throws CorruptImageException;
    }

    /**
     * The outcome of a pass: the indices of the samples kept, in order, the ones skipped with the
     * reason, and the fingerprint of the kept ones.
     */
    record Scan(int[] kept, List<SkippedFile> skipped, String fingerprint) {
        int[] labels(ImageDataset ds) {
            return java.util.Arrays.stream(kept).map(i -> ds.samples().get(i).label()).toArray();
        }

        List<String> ids(ImageDataset ds) {
            return java.util.Arrays.stream(kept).mapToObj(i -> ds.samples().get(i).id()).toList();
        }
    }

    /**
     * Reads every sample of {@code ds} on {@code workers} threads (0 or less: one per processor),
     * hashes its bytes and hands them to {@code task}; unreadable samples, and those {@code task}
     * rejects, are skipped with the reason.
     */
    static Scan scan(ImageDataset ds, int workers, IntConsumer progress, SampleTask task) {
        int n = ds.size();
        String[] reasons = new String[n];
        byte[][] hashes = new byte[n][];
        if (n > 0) {
            int threads = Math.min(n, workers > 0 ? workers : Runtime.getRuntime().availableProcessors());
            run(ds, threads, progress, task, reasons, hashes);
        }
        int[] kept = new int[n];
        int count = 0;
        List<SkippedFile> skipped = new ArrayList<>();
        MessageDigest fingerprint = DecodedImages.sha256();
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < n; i++) {
            Sample s = ds.samples().get(i);
            if (reasons[i] != null) {
                skipped.add(new SkippedFile(s.id(), reasons[i]));
                continue;
            }
            kept[count++] = i;
            String line = s.id() + '\n' + s.label() + '\n' + hex.formatHex(hashes[i]) + '\n';
            fingerprint.update(line.getBytes(StandardCharsets.UTF_8));
        }
        return new Scan(java.util.Arrays.copyOf(kept, count), skipped, hex.formatHex(fingerprint.digest()));
    }

    /** One sample's network input, from its bytes (null for {@link GreyPixels}: its pixels are used). */
    static float[] tensorOf(Sample sample, byte[] bytes, ImageSpec spec, ImageDecoder decoder)
            throws CorruptImageException {
        // Raw pixels (a CSV data set) skip encoding and decoding.
        return sample.source() instanceof GreyPixels grey ? ImagePreprocessor.toTensor(grey.image(), spec)
                : ImagePreprocessor.toTensor(decoder.decode(bytes), spec);
    }

    /** The reason a sample's bytes could not be read, as the skipped-file list gives it. */
    static String unreadable(IOException e) {
        return "could not be read (" + e.getMessage() + ")";
    }

    private static void run(ImageDataset ds, int threads, IntConsumer progress, SampleTask task, String[] reasons,
            byte[][] hashes) {
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
                    // For raw pixels the hash is over the pixels.
                    byte[] bytes = s.source() instanceof GreyPixels ? null : s.source().read();
                    hashes[i] = sha.digest(bytes == null ? ((GreyPixels) s.source()).pixels() : bytes);
                    task.accept(i, s, bytes);
                } catch (CorruptImageException e) {
                    reasons[i] = e.reason();
                } catch (IOException e) {
                    reasons[i] = unreadable(e);
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

    static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "citra-decode-" + count.incrementAndGet());
            // Daemon: a failed or abandoned decode must not keep the JVM alive.
            t.setDaemon(true);
            return t;
        };
    }
}
