package dev.citra.server;

import static dev.citra.server.ServerApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.bundle.ModelTask;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server under load, behind a key, while stopping, and refusing models it cannot serve. */
class ServerLifecycleTest {
    private static final String PREDICT = "/api/models/gated/predict";

    /** A model whose passes wait for {@link #release}, and which says when one has started. */
    private static final class Gate {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        float[][] run(float[][] tensors) {
            started.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Fixtures.constant(tensors, 1);
        }
    }

    private static CitraServer serve(Gate gate, BatchSettings settings, ServerConfig.Builder config) {
        Metrics metrics = new Metrics();
        ModelRegistry models = new ModelRegistry(List.of(Fixtures.fake("gated", gate::run, settings, metrics)));
        return CitraServer.start(config.port(0).build(), models, metrics);
    }

    @Test
    void aFullQueueAnswers503WithRetryAfter() throws Exception {
        Gate gate = new Gate();
        try (CitraServer server = serve(gate, Fixtures.settings(1, 0, 1), ServerConfig.builder())) {
            Http http = new Http(server.uri());
            CompletableFuture<HttpResponse<byte[]>> running = CompletableFuture.supplyAsync(() -> post(http));
            assertTrue(gate.started.await(10, TimeUnit.SECONDS));
            CompletableFuture<HttpResponse<byte[]>> queued = CompletableFuture.supplyAsync(() -> post(http));
            waitFor(() -> queueLength(http) == 1);
            HttpResponse<byte[]> refused = post(http);
            assertProblem(refused, 503, "--queue");
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
            gate.release.countDown();
            assertEquals(200, running.get(20, TimeUnit.SECONDS).statusCode());
            assertEquals(200, queued.get(20, TimeUnit.SECONDS).statusCode());
            assertEquals("square", Http.json(queued.get()).get("predictions").get(0).get("label").asText());
        }
    }

    @Test
    void stoppingLetsRequestsInFlightFinishAndRefusesNewOnes() throws Exception {
        Gate gate = new Gate();
        CitraServer server = serve(gate, Fixtures.settings(4, 0, 8), ServerConfig.builder().shutdownTimeout(Duration.ofSeconds(20)));
        Http http = new Http(server.uri());
        CompletableFuture<HttpResponse<byte[]>> inFlight = CompletableFuture.supplyAsync(() -> post(http));
        assertTrue(gate.started.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
        Thread.sleep(200);
        assertTrue(!stopping.isDone(), "close() waits for the request in flight");
        HttpResponse<byte[]> late = post(http);
        assertProblem(late, 503, "shutting down");
        gate.release.countDown();
        HttpResponse<byte[]> finished = inFlight.get(20, TimeUnit.SECONDS);
        assertEquals(200, finished.statusCode(), Http.text(finished));
        stopping.get(20, TimeUnit.SECONDS);
        assertThrows(Exception.class, () -> http.get("/api/health"), "no longer listening");
    }

    @Test
    void aZeroShutdownTimeoutStillLetsPredictionsWaitForTheirPass() throws Exception {
        Gate gate = new Gate();
        try (CitraServer server = serve(gate, Fixtures.settings(1, 0, 8),
                ServerConfig.builder().shutdownTimeout(Duration.ZERO))) {
            Http http = new Http(server.uri());
            CompletableFuture<HttpResponse<byte[]>> waiting = CompletableFuture.supplyAsync(() -> post(http));
            assertTrue(gate.started.await(10, TimeUnit.SECONDS));
            Thread.sleep(200);
            gate.release.countDown();
            HttpResponse<byte[]> answered = waiting.get(20, TimeUnit.SECONDS);
            assertEquals(200, answered.statusCode(), Http.text(answered));
        }
    }

    @Test
    void aModelSlowerThanTheRequestTimeoutAnswers503NamingTheFlag() throws Exception {
        Gate gate = new Gate();
        try (CitraServer server = serve(gate, Fixtures.settings(1, 0, 8), ServerConfig.builder()
                .requestTimeout(Duration.ofMillis(300)))) {
            long start = System.nanoTime();
            HttpResponse<byte[]> late = post(new Http(server.uri()));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            gate.release.countDown();
            assertProblem(late, 503, "--request-timeout-seconds");
            assertTrue(waited >= 300 && waited < 10_000, "waited " + waited + " ms");
        }
    }

    @Test
    void theRequestTimeoutIsChecked() {
        for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofSeconds(3601))) {
            CitraException e = assertThrows(CitraException.class,
                    () -> ServerConfig.builder().requestTimeout(bad).build());
            assertTrue(e.getMessage().startsWith("The request timeout must be"), e.getMessage());
        }
    }

    @Test
    void anApiKeyGuardsPostsButNotReads() throws Exception {
        Gate gate = new Gate();
        gate.release.countDown();
        try (CitraServer server = serve(gate, Fixtures.settings(1, 0, 8), ServerConfig.builder().apiKey("s3cret"))) {
            Http http = new Http(server.uri());
            assertProblem(post(http), 401, "X-API-Key");
            assertProblem(http.postRaw(PREDICT, Fixtures.png(1), "image/png", "X-API-Key", "wrong"), 401, "wrong");
            assertEquals(200, http.postRaw(PREDICT, Fixtures.png(1), "image/png", "X-API-Key", "s3cret").statusCode());
            assertEquals(200, http.postRaw(PREDICT, Fixtures.png(1), "image/png", "Authorization", "Bearer s3cret")
                    .statusCode());
            assertEquals(200, http.get("/api/models").statusCode());
            assertTrue(Http.json(http.get("/api/health")).get("api_key_required").asBoolean());
        }
    }

    @Test
    void aCaptionBundleIsServedAsACaptionerAndFreedOnClose(@TempDir Path dir) throws Exception {
        Path bundle = Fixtures.captionBundle(dir);
        ModelRegistry models = ModelRegistry.load(List.of(ModelSource.parse("cap=" + bundle)), Map.of(),
                BatchSettings.DEFAULT, BatchListener.NONE);
        ServedCaptioner captioner = assertInstanceOf(ServedCaptioner.class, models.get("cap").orElseThrow());
        assertEquals(ModelTask.CAPTION, captioner.task());
        assertEquals(2, captioner.defaultBeam());
        assertTrue(captioner.caption(Fixtures.picture(1), 1).words().size() <= 8);
        models.close();
        OverloadedException e = assertThrows(OverloadedException.class, () -> captioner.caption(Fixtures.picture(1), 1));
        assertTrue(e.getMessage().contains("stopping"), e.getMessage());
    }

    @Test
    void namesAndNoticesAreChecked() {
        assertEquals("skin", ModelSource.parse("runs/classify/skin/best").name());
        assertEquals("s1", ModelSource.parse("s1=runs/classify/skin").name());
        assertThrows(CitraException.class, () -> new ModelSource("../x", Path.of("x")));
        CitraException e = assertThrows(CitraException.class, () -> ModelRegistry.load(
                List.of(ModelSource.parse("a=x")), Map.of("b", "not a diagnosis"), BatchSettings.DEFAULT, BatchListener.NONE));
        assertTrue(e.getMessage().contains("--notice names model 'b'"), e.getMessage());
    }

    private static HttpResponse<byte[]> post(Http http) {
        try {
            return http.postRaw(PREDICT, Fixtures.png(1), "image/png");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int queueLength(Http http) {
        try {
            String metrics = Http.text(http.get("/metrics"));
            int at = metrics.indexOf("citra_queue_length{model=\"gated\"} ");
            return Integer.parseInt(metrics.substring(at).split("[ \n]")[1]);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(10);
        }
    }
}
