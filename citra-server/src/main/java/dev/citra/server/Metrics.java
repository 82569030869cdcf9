package dev.citra.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The server's counters in the Prometheus text format ({@code GET /metrics}): requests by route,
 * method and status, request latency, batch sizes and pass times, queue lengths, requests in
 * flight, and the process's resident memory.
 */
public final class Metrics implements BatchListener {
    private static final double[] LATENCY_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final double[] BATCH_SIZES = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    private final Map<String, Histogram> batchSizes = new ConcurrentHashMap<>();
    private final Map<String, Histogram> batchSeconds = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Supplier<Map<String, Integer>> queues = Map::of;

    /** Where the queue lengths come from, by model name. */
    void queues(Supplier<Map<String, Integer>> source) {
        this.queues = source;
    }

    AtomicInteger inFlight() {
        return inFlight;
    }

    /** Counts one answered request. */
    void request(String route, String method, int status, long nanos) {
        String labels = "route=\"" + escape(route) + "\",method=\"" + method + "\",status=\"" + status + "\"";
        requests.computeIfAbsent(labels, k -> new LongAdder()).increment();
        latency.computeIfAbsent("route=\"" + escape(route) + "\"", k -> new Histogram(LATENCY_SECONDS)).observe(nanos / 1e9);
    }

    @Override
    public void onBatch(String model, int size, long nanos) {
        String labels = "model=\"" + escape(model) + "\"";
        batchSizes.computeIfAbsent(labels, k -> new Histogram(BATCH_SIZES)).observe(size);
        batchSeconds.computeIfAbsent(labels, k -> new Histogram(LATENCY_SECONDS)).observe(nanos / 1e9);
    }

    /** The exposition text. */
    public String scrape() {
        StringBuilder out = new StringBuilder(4096);
        header(out, "citra_http_requests_total", "counter", "HTTP requests answered, by route, method and status.");
        new TreeMap<>(requests).forEach((labels, n) -> out.append("citra_http_requests_total{").append(labels).append("} ")
                .append(n.sum()).append('\n'));
        header(out, "citra_http_request_duration_seconds", "histogram", "Time to answer a request, by route.");
        new TreeMap<>(latency).forEach((labels, h) -> h.write(out, "citra_http_request_duration_seconds", labels));
        header(out, "citra_batch_size", "histogram", "Images in one forward pass, by model.");
        new TreeMap<>(batchSizes).forEach((labels, h) -> h.write(out, "citra_batch_size", labels));
        header(out, "citra_batch_duration_seconds", "histogram", "Time of one forward pass, by model.");
        new TreeMap<>(batchSeconds).forEach((labels, h) -> h.write(out, "citra_batch_duration_seconds", labels));
        header(out, "citra_queue_length", "gauge", "Images waiting for a forward pass, by model.");
        new TreeMap<>(queues.get()).forEach((model, n) -> out.append("citra_queue_length{model=\"").append(escape(model))
                .append("\"} ").append(n).append('\n'));
        header(out, "citra_http_requests_in_flight", "gauge", "Requests being answered now.");
        out.append("citra_http_requests_in_flight ").append(inFlight.get()).append('\n');
        long rss = residentBytes();
        if (rss >= 0) {
            header(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
            out.append("process_resident_memory_bytes ").append(rss).append('\n');
        }
        Runtime rt = Runtime.getRuntime();
        header(out, "jvm_memory_heap_used_bytes", "gauge", "Java heap in use, in bytes.");
        out.append("jvm_memory_heap_used_bytes ").append(rt.totalMemory() - rt.freeMemory()).append('\n');
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** VmRSS from /proc, or -1 where there is no /proc. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: leave the figure out
        }
        return -1;
    }
}
