package dev.citra.cli;

import dev.citra.CitraException;
import dev.citra.server.BatchSettings;
import dev.citra.server.CitraServer;
import dev.citra.server.LiveLimits;
import dev.citra.server.Metrics;
import dev.citra.server.ModelRegistry;
import dev.citra.server.ModelSource;
import dev.citra.server.ServedModel;
import dev.citra.server.ServerConfig;
import dev.citra.vision.detect.HaarCascades;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code citra serve}: the REST API and the web pages over one or more trained models. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        header = "Serve models over HTTP: a REST API and an upload page.",
        sortOptions = false,
        description = {"Serve trained models: an upload page (/), a live camera page (/live.html: faces and their"
                + " expressions, drowsiness with the closed-eyes alarm, or whole frames, from the browser's camera over a"
                + " WebSocket), a runs page (/runs.html), the REST API (/api/..., described at /openapi.json) and"
                + " Prometheus metrics (/metrics). Concurrent predictions are gathered into batches; Ctrl-C stops after"
                + " the requests in flight are answered."},
        footer = {"", "Example: citra serve --model skin=runs/classify/skin --notice skin --port 8080"})
public final class ServeCommand implements Callable<Integer> {
    static final String DEFAULT_NOTICE = "This result is not a diagnosis: it is a model's guess from one photo."
            + " Ask a qualified professional about anything that worries you.";

    @Option(names = "--model", required = true, split = ",", paramLabel = "[NAME=]BUNDLE",
            description = "Bundle or run folders to serve, comma-separated or repeated; NAME= sets the name in URLs"
                    + " (default: the folder's name, the run's for best/ and last/).")
    List<String> models;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "TCP port (default 8080; 0 picks a free one).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Interface to listen on (default 127.0.0.1, this machine only; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--notice", paramLabel = "NAME[=TEXT]",
            description = "Show TEXT with every result of model NAME, on the page and in the API; without TEXT, a"
                    + " notice that the result is not a diagnosis. Repeat for several models.")
    List<String> notices = List.of();

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "32",
            description = "Most images in one forward pass (default 32; 1 turns micro-batching off).")
    int maxBatch;

    @Option(names = "--max-wait-ms", paramLabel = "MS", defaultValue = "5",
            description = "How long an image waits for others to share its forward pass (default 5 ms).")
    int maxWaitMs;

    @Option(names = "--queue", paramLabel = "N", defaultValue = "256",
            description = "Images that may wait per model; beyond, requests get 503 with Retry-After (default 256).")
    int queue;

    @Option(names = "--max-upload-mb", paramLabel = "MB", defaultValue = "10", description = "Largest upload (default 10 MB; 413 beyond).")
    double maxUploadMb;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "40000000",
            description = "Largest width x height, checked before decoding (default 40000000; 413 beyond).")
    long maxPixels;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Require this key (header X-API-Key or Authorization: Bearer) on every request but GETs;"
                    + " default: the CITRA_API_KEY environment variable, else none.")
    String apiKey;

    @Option(names = "--runs", paramLabel = "DIR", defaultValue = "runs", description = "Folder of runs the runs page lists (default runs/).")
    Path runs;

    @Option(names = "--cascades", paramLabel = "DIR",
            description = "Folder of OpenCV's Haar cascade files for the live page's expression and drowsiness modes"
                    + " (default: /usr/share/opencv4/haarcascades and OpenCV's other usual folders; without any, those"
                    + " modes say what to install and classify still works).")
    Path cascades;

    @Option(names = "--live-connections", paramLabel = "N", defaultValue = "8",
            description = "Live cameras connected at once; more are closed with 'try again later' (default 8).")
    int liveConnections;

    @Option(names = "--live-max-fps", paramLabel = "N", defaultValue = "15",
            description = "Frames a second one live camera may send; faster ones are answered with an error (default 15).")
    double liveMaxFps;

    @Option(names = "--live-max-frame-kb", paramLabel = "KB", defaultValue = "2048",
            description = "Largest live camera frame (default 2048 KB; a 640x480 JPEG is about 50 KB).")
    int liveMaxFrameKb;

    @Option(names = "--live-max-pixels", paramLabel = "N", defaultValue = "2073600",
            description = "Largest live frame width x height, read from its header before decoding (default 2073600 ="
                    + " 1920x1080).")
    long liveMaxPixels;

    @Option(names = "--request-timeout-seconds", paramLabel = "S", defaultValue = "30",
            description = "How long a prediction (an upload or a live frame) waits for its model's answer before it"
                    + " gets 503 (default 30; 1 to 3600).")
    int requestTimeoutSeconds;

    @Option(names = "--shutdown-seconds", paramLabel = "S", defaultValue = "30",
            description = "How long a stop waits for requests in flight (default 30).")
    int shutdownSeconds;

    @Mixin
    RuntimeFlag runtimeFlag = new RuntimeFlag();

    @Mixin
    DeviceFlag deviceFlag = new DeviceFlag();

    @Override
    public Integer call() throws Exception {
        if (maxUploadMb <= 0 || maxUploadMb > 1024) {
            throw new CitraException("--max-upload-mb must be between 0 and 1024, not " + maxUploadMb + ".");
        }
        if (requestTimeoutSeconds < 1 || requestTimeoutSeconds > 3600) {
            throw new CitraException("--request-timeout-seconds must be between 1 and 3600, not "
                    + requestTimeoutSeconds + ".");
        }
        if (shutdownSeconds < 0 || shutdownSeconds > 3600) {
            throw new CitraException("--shutdown-seconds must be between 0 and 3600, not " + shutdownSeconds + ".");
        }
        String key = apiKey != null ? apiKey : System.getenv("CITRA_API_KEY");
        ServerConfig config = ServerConfig.builder().host(host).port(port).maxUploadBytes((long) (maxUploadMb * 1048576))
                .maxPixels(maxPixels).apiKey(key == null || key.isEmpty() ? null : key).runsDir(runs)
                .requestTimeout(Duration.ofSeconds(requestTimeoutSeconds))
                .shutdownTimeout(Duration.ofSeconds(shutdownSeconds)).cascades(cascades)
                .live(new LiveLimits((int) Math.min(Integer.MAX_VALUE, liveMaxFrameKb * 1024L),
                        liveMaxPixels, liveMaxFps, liveConnections)).build();
        if (cascades != null) {
            HaarCascades.locate(cascades); // a wrong folder is said before the models take their time to load
        }
        BatchSettings batching = new BatchSettings(maxBatch, Duration.ofMillis(maxWaitMs), queue);
        List<ModelSource> sources = models.stream().map(ModelSource::parse).toList();
        Metrics metrics = new Metrics();
        ModelRegistry registry = ModelRegistry.load(sources, notices(notices), batching, metrics);
        CitraServer server = CitraServer.start(config, registry, metrics);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("citra serve: stopping after the requests in flight...");
            server.close();
            stopped.countDown();
        }, "citra-serve-stop"));
        for (ServedModel m : registry.all()) {
            System.out.printf("Model %s: %s, %d classes, input %d px%s%n", m.name(), m.task().id(), m.info().labels().size(),
                    m.info().input().size(), m.info().notice() != null ? ", with a notice" : "");
        }
        System.out.println("Serving at " + server.uri() + " (API: " + server.uri() + "openapi.json; batches of up to "
                + maxBatch + ", " + maxWaitMs + " ms wait" + (config.apiKey() != null ? "; API key required for POSTs" : "")
                + "). Ctrl-C stops.");
        System.out.println("Live camera: " + server.uri() + "live.html (" + (server.liveCascades() != null
                ? "Haar cascades from " + server.liveCascades() : "no Haar cascades found: expression and drowsiness are"
                + " off until --cascades names them; classify works") + ")");
        stopped.await();
        return 0;
    }

    /** {@code NAME[=TEXT]} entries by model name. */
    static Map<String, String> notices(List<String> entries) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            String name = eq < 0 ? entry : entry.substring(0, eq);
            String text = eq < 0 ? DEFAULT_NOTICE : entry.substring(eq + 1).trim();
            if (name.isBlank() || text.isEmpty()) {
                throw new CitraException("--notice '" + entry + "' needs a model name, and text after '=' if any:"
                        + " --notice skin or --notice \"skin=Not a diagnosis.\"");
            }
            out.put(name, text);
        }
        return out;
    }
}
