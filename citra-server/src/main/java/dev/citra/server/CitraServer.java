package dev.citra.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.citra.CitraException;
import dev.citra.Version;
import dev.citra.bundle.ModelTask;
import dev.citra.caption.CaptionDecoder;
import dev.citra.infer.Prediction;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.websocket.WsHandlerType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the REST API, the metrics, the OpenAPI document, the pages and the live camera's
 * WebSocket ({@link LiveEndpoint}), over the models of a {@link ModelRegistry}. Pages are static files of this module; each kind of model adds its
 * routes in {@link #routes()} (a classifier's {@code predict}, a caption model's {@code caption}). {@link #close()} stops gracefully: new
 * requests are refused with 503 while those in flight finish.
 */
public final class CitraServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CitraServer.class);
    private static final String JSON = "application/json";
    /** Time left for responses being written when the shutdown timeout is used up by handlers. */
    private static final long MIN_DRAIN_MILLIS = 1000;
    private static final String START = "citra.start";
    private static final String ROUTE = "citra.route";
    private static final int MAX_TOP_K = 1000;
    // Long enough to ride out a burst of large photos, short enough that a client sees 503 rather than a hang.
    private static final Duration DECODE_WAIT = Duration.ofSeconds(2);

    private final ServerConfig config;
    private final ModelRegistry models;
    private final Metrics metrics;
    private final RunsCatalog runs;
    private final ImageGate gate;
    private final LiveEndpoint live;
    private final ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    private final List<ApiRoute> routes;
    private final byte[] openApi;
    private volatile boolean draining;
    private Javalin app;
    private final GracefulHandler responses = new GracefulHandler();

    private CitraServer(ServerConfig config, ModelRegistry models, Metrics metrics) {
        this.config = config;
        this.models = models;
        this.metrics = metrics;
        this.runs = new RunsCatalog(config.runsDir());
        this.gate = new ImageGate(config.maxPixels(), DecodeBudget.forHeap(config.maxPixels(), DECODE_WAIT));
        this.live = new LiveEndpoint(models, config, json);
        this.routes = routes();
        try {
            this.openApi = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(
                    OpenApiDocument.of(routes, Version.get(), config.apiKey() != null));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        metrics.queues(() -> {
            Map<String, Integer> q = new LinkedHashMap<>();
            models.all().forEach(m -> q.put(m.name(), m.queueLength()));
            return q;
        });
    }

    /**
     * Starts serving {@code models}; the server owns them from here and frees them on {@link #close()}.
     *
     * @param metrics the counters the models' batchers report to
     */
    public static CitraServer start(ServerConfig config, ModelRegistry models, Metrics metrics) {
        CitraServer server;
        try {
            server = new CitraServer(config, models, metrics);
        } catch (RuntimeException e) {
            models.close();
            throw e;
        }
        try {
            server.app = Javalin.create(server::configure).start(config.host(), config.port());
        } catch (RuntimeException e) {
            models.close();
            throw new CitraException("Could not listen on " + config.host() + ":" + config.port() + " (" + rootMessage(e)
                    + "): pick another --port, or stop what uses it.", e);
        }
        return server;
    }

    /** The port it listens on (the chosen one when the config said 0). */
    public int port() {
        return app.port();
    }

    /** The folder of Haar cascades the live page's face modes use, or null when none was found. */
    public Path liveCascades() {
        return live.cascades() == null ? null : live.cascades().dir();
    }

    /** Its base address, such as {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    private List<ApiRoute> routes() {
        Map<Integer, String> unknownModel = Map.of(404, "No model of that name is served.");
        Map<Integer, String> predictErrors = imageErrors(unknownModel,
                "No image in the request, a bad top_k, or a model that does not classify.");
        Map<Integer, String> captionErrors = imageErrors(unknownModel,
                "No image in the request, a beam outside 1.." + ServedCaptioner.MAX_BEAM + ", or a model that does not caption.");
        return List.of(
                ApiRoute.get("/api/health", "Whether the server is up, and how many models it serves.", JSON, Map.of(
                        503, "The server is stopping."), this::health),
                ApiRoute.get("/api/models", "The served models: name, task, labels and input.", JSON, Map.of(),
                        ctx -> ctx.json(models.all().stream().map(ServedModel::info).toList())),
                ApiRoute.get("/api/models/{name}", "One served model.", JSON, unknownModel,
                        ctx -> ctx.json(model(ctx).info())),
                new ApiRoute(HandlerType.POST, "/api/models/{name}/predict", "Classify an image: its most probable"
                        + " classes, most probable first.", JSON, true, Map.of("top_k", "How many classes (default 5;"
                                + " all with a larger number)."), predictErrors, this::predict),
                new ApiRoute(HandlerType.POST, "/api/models/{name}/caption", "Caption an image: one sentence, with its"
                        + " words and log-probability.", JSON, true, Map.of("beam", "The beam width, 1 (greedy) to "
                                + ServedCaptioner.MAX_BEAM + " (default: the one the model was evaluated with)."),
                        captionErrors, this::caption),
                ApiRoute.get("/api/runs", "The training runs under the runs folder, with their figures.", JSON, Map.of(),
                        ctx -> ctx.json(runs.list())),
                ApiRoute.get("/runs/{task}/{run}/{file}", "A file of a run: report.html, curves.png,"
                        + " confusion_matrix.png, report.json, history.csv, metrics.csv, config.yaml or log.txt.",
                        "application/octet-stream", Map.of(404, "No such run or file."), this::runFile),
                ApiRoute.get("/metrics", "Counters in the Prometheus text format.", "text/plain", Map.of(),
                        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape())),
                ApiRoute.get("/openapi.json", "This document.", JSON, Map.of(),
                        ctx -> ctx.contentType(JSON).result(openApi)));
    }

    private static Map<Integer, String> imageErrors(Map<Integer, String> unknownModel, String badRequest) {
        Map<Integer, String> errors = new LinkedHashMap<>(unknownModel);
        errors.put(400, badRequest);
        errors.put(413, "The upload is larger than the limit, or the image has more pixels than the limit.");
        errors.put(415, "The upload is not a JPEG, PNG, BMP or GIF image.");
        errors.put(422, "The image is truncated or corrupt.");
        errors.put(503, "The model's queue is full, or the server is stopping; see Retry-After.");
        return errors;
    }

    private void configure(JavalinConfig cfg) {
        cfg.startup.showJavalinBanner = false;
        // The in-flight count ends when a route's handler returns, before Javalin has written the response; Jetty's
        // graceful handler counts a request until its response is complete, so stopping never cuts one off.
        cfg.jetty.modifyServer(server -> server.insertHandler(responses));
        cfg.jsonMapper(new JavalinJackson(json, false));
        // Jetty may read somewhat more than the limit, so that an upload a little too large is read to its end and
        // refused by ImageUpload with a 413 the client receives (one cut off mid-body resets the connection).
        long readable = ImageUpload.readable(config.maxUploadBytes());
        cfg.http.maxRequestSize = readable;
        cfg.jetty.multipartConfig.maxFileSize(readable, SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxTotalRequestSize(readable, SizeUnit.BYTES);
        cfg.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, config.maxUploadBytes()),
                SizeUnit.BYTES);
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/dev/citra/server/web";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache");
        });
        cfg.jetty.modifyWebSocketServletFactory(live::limit);
        cfg.routes.addWsHandler(WsHandlerType.WEBSOCKET, LiveEndpoint.PATH, live::configure);
        cfg.routes.before(ctx -> ctx.attribute(START, System.nanoTime()));
        cfg.routes.after(this::count);
        for (ApiRoute route : routes) {
            cfg.routes.addEndpoint(new io.javalin.router.Endpoint(route.method(), route.path(), tracked(route)));
        }
        cfg.routes.exception(ApiException.class, (e, ctx) -> problem(ctx, e.status(), e.title(), e.getMessage(), e.headers()));
        cfg.routes.exception(OverloadedException.class, (e, ctx) -> problem(ctx, 503, "Service Unavailable",
                e.getMessage(), Map.of("Retry-After", "1")));
        cfg.routes.exception(CitraException.class, (e, ctx) -> problem(ctx, 500, "Internal Server Error", e.getMessage(),
                Map.of()));
        cfg.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("Request {} {} failed", ctx.method(), ctx.path(), e);
            problem(ctx, 500, "Internal Server Error", "The server failed on this request (" + rootMessage(e)
                    + "): the server log has the details; report it if it happens again.", Map.of());
        });
        cfg.routes.error(404, "*", ctx -> {
            if (ctx.attribute(ROUTE) == null) {
                problem(ctx, 404, "Not Found", "Nothing is at " + ctx.path() + ": see /openapi.json for the API, or"
                        + " open / for the upload page.", Map.of());
            }
        });
    }

    /** Wraps a route's handler: refuses while stopping, checks the API key, counts it in flight. */
    private Handler tracked(ApiRoute route) {
        return ctx -> {
            ctx.attribute(ROUTE, route.path());
            if (draining) {
                throw ApiException.unavailable("The server is shutting down: retry in a few seconds.", 5);
            }
            if (route.guarded()) {
                requireKey(ctx);
            }
            metrics.inFlight().incrementAndGet();
            try {
                route.handler().handle(ctx);
            } finally {
                metrics.inFlight().decrementAndGet();
            }
        };
    }

    private void requireKey(Context ctx) {
        if (config.apiKey() == null) {
            return;
        }
        String given = ctx.header("X-API-Key");
        String auth = ctx.header("Authorization");
        if (given == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = auth.substring(7).trim();
        }
        if (!keyMatches(given, config.apiKey())) {
            throw new ApiException(401, "Unauthorized", given == null
                    ? "This server needs an API key for " + ctx.method() + " requests: send it in the X-API-Key header."
                    : "The API key in the request is wrong: send the key the server was started with (--api-key).",
                    Map.of("WWW-Authenticate", "ApiKey header=\"X-API-Key\""));
        }
    }

    /** Whether {@code given} is the key, compared in constant time so its length and prefix do not leak. */
    static boolean keyMatches(String given, String key) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                key.getBytes(StandardCharsets.UTF_8));
    }

    private void count(Context ctx) {
        Long start = ctx.attribute(START);
        String route = ctx.attribute(ROUTE);
        metrics.request(route != null ? route : ctx.status().getCode() == 404 ? "unmatched" : "static",
                ctx.method().name(), ctx.status().getCode(), start == null ? 0 : System.nanoTime() - start);
    }

    private void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("version", Version.get());
        body.put("models", models.all().size());
        body.put("api_key_required", config.apiKey() != null);
        body.put("live_cascades", live.cascades() != null);
        ctx.json(body);
    }

    private ServedModel model(Context ctx) {
        String name = ctx.pathParam("name");
        return models.get(name).orElseThrow(() -> ApiException.notFound("No model named '" + name + "' is served: GET"
                + " /api/models lists the ones that are."));
    }

    private void predict(Context ctx) throws InterruptedException {
        ServedModel model = model(ctx);
        if (!(model instanceof ServedClassifier classifier)) {
            throw wrongEndpoint(model, "a classifier");
        }
        int k = topK(ctx.queryParam("top_k"));
        long started = System.nanoTime();
        CompletableFuture<List<Prediction>> queued;
        int width;
        int height;
        // The pixels go back to the budget once they are a tensor in the model's queue.
        try (ImageGate.Decoded upload = upload(ctx)) {
            width = upload.image().getWidth();
            height = upload.image().getHeight();
            queued = classifier.classify(upload.image(), k);
        }
        List<Prediction> predictions;
        try {
            predictions = queued.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw ApiException.unavailable("Model " + model.name() + " did not answer within "
                    + config.requestTimeout().toMillis() + " ms: retry later, or start the server with a longer"
                    + " --request-timeout-seconds.", 5);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model.name());
        body.put("predictions", predictions);
        answer(ctx, model, body, width, height, started);
    }

    private void caption(Context ctx) {
        ServedModel model = model(ctx);
        if (!(model instanceof ServedCaptioner captioner)) {
            throw wrongEndpoint(model, "a caption model");
        }
        int beam = beam(ctx.queryParam("beam"), captioner.defaultBeam());
        long started = System.nanoTime();
        CaptionDecoder.Caption caption;
        int width;
        int height;
        try (ImageGate.Decoded upload = upload(ctx)) {
            width = upload.image().getWidth();
            height = upload.image().getHeight();
            caption = captioner.caption(upload.image(), beam);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model.name());
        body.put("caption", caption.text());
        body.put("words", caption.words());
        body.put("log_probability", caption.logProbability());
        body.put("beam", beam);
        answer(ctx, model, body, width, height, started);
    }

    private ImageGate.Decoded upload(Context ctx) {
        return gate.open(ImageUpload.read(ctx, config.maxUploadBytes()));
    }

    /** Adds what every image answer carries (notice, image size, time taken) and sends it. */
    private static void answer(Context ctx, ServedModel model, Map<String, Object> body, int width, int height,
            long started) {
        if (model.info().notice() != null) {
            body.put("notice", model.info().notice());
        }
        body.put("width", width);
        body.put("height", height);
        body.put("millis", (System.nanoTime() - started) / 1e6);
        ctx.json(body);
    }

    private static ApiException wrongEndpoint(ServedModel model, String what) {
        String endpoint = model.task() == ModelTask.CAPTION ? "caption" : "predict";
        return ApiException.badRequest("Model " + model.name() + " is a " + model.task().id() + " model, not " + what
                + ": POST to /api/models/" + model.name() + "/" + endpoint + " instead.");
    }

    private static int beam(String text, int fallback) {
        if (text == null || text.isBlank()) {
            return Math.max(1, Math.min(fallback, ServedCaptioner.MAX_BEAM));
        }
        try {
            int beam = Integer.parseInt(text.trim());
            if (beam >= 1 && beam <= ServedCaptioner.MAX_BEAM) {
                return beam;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw ApiException.badRequest("beam must be a whole number from 1 (greedy) to " + ServedCaptioner.MAX_BEAM
                + ", not '" + text + "'.");
    }

    private static int topK(String text) {
        if (text == null || text.isBlank()) {
            return 5;
        }
        try {
            int k = Integer.parseInt(text.trim());
            if (k >= 1) {
                return Math.min(k, MAX_TOP_K);
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw ApiException.badRequest("top_k must be a whole number of at least 1, not '" + text + "'.");
    }

    private void runFile(Context ctx) throws java.io.IOException {
        String file = ctx.pathParam("file");
        Path path = runs.file(ctx.pathParam("task"), ctx.pathParam("run"), file).orElseThrow(() -> ApiException.notFound(
                "The runs folder has no " + ctx.pathParam("task") + "/" + ctx.pathParam("run") + "/" + file
                        + ": GET /api/runs lists the runs and their files."));
        ctx.contentType(mediaType(file)).result(Files.readAllBytes(path));
    }

    private static String mediaType(String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".png")) {
            return "image/png";
        }
        if (lower.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (lower.endsWith(".json")) {
            return JSON;
        }
        if (lower.endsWith(".csv")) {
            return "text/csv; charset=utf-8";
        }
        return "text/plain; charset=utf-8";
    }

    private void problem(Context ctx, int status, String title, String detail, Map<String, String> headers) {
        headers.forEach(ctx::header);
        try {
            ctx.status(status).contentType(Problem.MEDIA_TYPE)
                    .result(json.writeValueAsBytes(Problem.of(status, title, detail, ctx.path())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Waits until every response Jetty is still writing is complete (Jetty's server stop would cut them off). */
    private void awaitResponses(long millis) {
        try {
            responses.shutdown().get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Stopping with responses still being written after {} ms", millis);
        }
    }

    /**
     * Stops gracefully: refuses new requests (503), waits up to the shutdown timeout for those in
     * flight, stops listening, then runs what the models have queued and frees them.
     */
    @Override
    public void close() {
        draining = true;
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        while (metrics.inFlight().get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (metrics.inFlight().get() > 0) {
            LOG.warn("Stopping with {} requests still in flight after {} s", metrics.inFlight().get(),
                    config.shutdownTimeout().toSeconds());
        }
        try {
            live.close();
            awaitResponses(Math.max(MIN_DRAIN_MILLIS, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (app != null) {
                app.stop();
            }
        } finally {
            models.close();
        }
    }
}
