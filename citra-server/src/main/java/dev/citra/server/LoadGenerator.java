package dev.citra.server;

import dev.citra.CitraException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A closed-loop load generator for a running server: {@code concurrency} clients each send the same
 * image to a predict endpoint, one request after another, for a fixed time; the figures are
 * requests per second and latency percentiles of the answered (200) requests.
 */
public final class LoadGenerator {
    /**
     * What one run measured.
     *
     * @param ok requests answered 200
     * @param refused requests answered anything else (503s when the queue is full)
     */
    public record Result(int concurrency, int ok, int refused, double seconds, double requestsPerSecond, double p50Millis,
            double p99Millis) {}

    /**
     * A reading taken during a run, so a long run shows whether the server's memory settles.
     *
     * @param seconds time since the run started
     * @param ok requests answered 200 so far
     * @param residentBytes the server's resident memory now (-1 when it does not report it)
     */
    public record Sample(double seconds, int ok, int refused, long residentBytes) {}

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    /**
     * A generator against the server at {@code base}, such as {@code http://127.0.0.1:8080/}, or
     * {@code http://host/citra/} for a server behind that path prefix.
     */
    public LoadGenerator(URI base) {
        this.base = baseOf(base);
    }

    /**
     * {@code url} as the address the API paths resolve against: the path prefix kept and ending
     * in '/' ("/citra" would resolve "metrics" to "/metrics"), without query or fragment.
     */
    public static URI baseOf(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }

    /** Sends {@code image} to model {@code model} from {@code concurrency} clients for {@code seconds}. */
    public Result run(String model, byte[] image, int concurrency, double seconds) throws InterruptedException {
        return run(model, image, concurrency, seconds, null, s -> {});
    }

    /**
     * As {@link #run(String, byte[], int, double)}, and every {@code every} (null: never) hands
     * {@code samples} the count so far and the server's resident memory, from another thread.
     */
    public Result run(String model, byte[] image, int concurrency, double seconds, Duration every,
            Consumer<Sample> samples) throws InterruptedException {
        URI uri = base.resolve("api/models/" + model + "/predict?top_k=1");
        long end = System.nanoTime() + (long) (seconds * 1e9);
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            clients.add(pool.submit(() -> {
                long[] latencies = new long[1024];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/octet-stream")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = System.nanoTime() - t0;
                        ok.incrementAndGet();
                    } else {
                        refused.incrementAndGet();
                    }
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        if (every != null) {
            long period = Math.max(1, every.toMillis());
            sampler.scheduleAtFixedRate(() -> {
                try {
                    samples.accept(new Sample((System.nanoTime() - start) / 1e9, ok.get(), refused.get(), residentBytes()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    samples.accept(new Sample((System.nanoTime() - start) / 1e9, ok.get(), refused.get(), -1));
                }
            }, period, period, TimeUnit.MILLISECONDS);
        }
        List<long[]> all = new ArrayList<>();
        try {
            for (Future<long[]> f : clients) {
                all.add(f.get());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new CitraException("The load run against " + base + " failed (" + e.getCause().getMessage()
                    + "): check that citra serve is running there and serves model " + model + ".", e.getCause());
        } finally {
            sampler.shutdownNow();
            pool.shutdownNow();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(concurrency, latencies.length, refused.get(), elapsed, latencies.length / elapsed,
                percentile(latencies, 0.50), percentile(latencies, 0.99));
    }

    /** The server's resident memory in bytes, from its metrics; -1 when it does not report it. */
    public long residentBytes() throws InterruptedException {
        try {
            String text = client.send(HttpRequest.newBuilder(base.resolve("metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.startsWith("process_resident_memory_bytes ")) {
                    return Long.parseLong(line.substring(line.indexOf(' ') + 1).trim());
                }
            }
            return -1;
        } catch (ConnectException e) {
            throw new CitraException("Nothing answers at " + base + ": start it with 'citra serve', or pass its address.");
        } catch (IOException e) {
            throw new CitraException("Could not read " + base + "metrics (" + e.getMessage() + "): is it a citra server?");
        }
    }

    /** The nearest-rank percentile of sorted nanosecond values, in milliseconds. */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }
}
