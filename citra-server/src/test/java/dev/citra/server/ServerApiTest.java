package dev.citra.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citra.image.ImageEncoding;
import dev.citra.infer.Classifier;
import dev.citra.infer.Prediction;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over real HTTP on the loopback interface: the happy path and every refusal. */
class ServerApiTest {
    private static final String NOTICE = "This result is not a diagnosis.";
    private static final String PREDICT = "/api/models/shapes/predict";

    @TempDir
    static Path dir;
    static Path bundle;
    static CitraServer server;
    static Http http;

    @BeforeAll
    static void start() throws IOException {
        bundle = Fixtures.bundle(dir);
        Path run = Files.createDirectories(dir.resolve("runs/classify/demo"));
        Files.writeString(run.resolve("report.json"), "{\"title\":\"demo test split\",\"created\":\"2026-01-02T03:04:05Z\","
                + "\"images\":40,\"metrics\":{\"accuracy\":0.925,\"macro_avg\":{\"f1\":0.9}}}");
        Files.write(run.resolve("curves.png"), Fixtures.png(1));
        Files.writeString(run.resolve("weights.params"), "not served");
        Files.writeString(dir.resolve("secret.txt"), "outside the runs folder");
        Metrics metrics = new Metrics();
        ModelRegistry models = ModelRegistry.load(List.of(ModelSource.parse(bundle.toString())), Map.of("shapes", NOTICE),
                Fixtures.settings(8, 2, 64), metrics);
        ServerConfig config = ServerConfig.builder().port(0).maxUploadBytes(64 * 1024).maxPixels(1_000_000)
                .runsDir(dir.resolve("runs")).build();
        server = CitraServer.start(config, models, metrics);
        http = new Http(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void healthAndModels() throws Exception {
        JsonNode health = Http.json(http.get("/api/health"));
        assertEquals("ok", health.get("status").asText());
        assertEquals(1, health.get("models").asInt());
        JsonNode models = Http.json(http.get("/api/models"));
        assertEquals(1, models.size());
        JsonNode m = models.get(0);
        assertEquals("shapes", m.get("name").asText());
        assertEquals("classify", m.get("task").asText());
        assertEquals(Fixtures.LABELS, List.of(m.get("labels").get(0).asText(), m.get("labels").get(1).asText(),
                m.get("labels").get(2).asText()));
        assertEquals(24, m.get("input").get("size").asInt());
        assertEquals(NOTICE, m.get("notice").asText());
        assertEquals("shapes", Http.json(http.get("/api/models/shapes")).get("name").asText());
    }

    @Test
    void predictsAMultipartUploadAsTheLibraryDoes() throws Exception {
        HttpResponse<byte[]> r = http.postFile(PREDICT + "?top_k=3", "image", "photo.png", "image/png", Fixtures.png(3));
        assertEquals(200, r.statusCode(), Http.text(r));
        JsonNode body = Http.json(r);
        JsonNode predictions = body.get("predictions");
        assertEquals(3, predictions.size());
        assertEquals(NOTICE, body.get("notice").asText());
        double sum = 0;
        for (JsonNode p : predictions) {
            sum += p.get("probability").asDouble();
        }
        assertEquals(1.0, sum, 1e-4);
        try (Classifier classifier = Classifier.load(bundle)) {
            List<Prediction> expected = classifier.predict(Fixtures.picture(3), 3);
            for (int i = 0; i < 3; i++) {
                assertEquals(expected.get(i).label(), predictions.get(i).get("label").asText());
                assertEquals(expected.get(i).probability(), predictions.get(i).get("probability").floatValue(), 1e-5);
            }
        }
    }

    @Test
    void predictsARawBodyWhateverItsDeclaredType() throws Exception {
        HttpResponse<byte[]> r = http.postRaw(PREDICT, Fixtures.jpeg(4), "application/octet-stream");
        assertEquals(200, r.statusCode(), Http.text(r));
        assertEquals(3, Http.json(r).get("predictions").size(), "top_k defaults to 5, capped at the classes");
        assertEquals(1, Http.json(http.postRaw(PREDICT + "?top_k=1", Fixtures.jpeg(4), "image/jpeg")).get("predictions").size());
    }

    @Test
    void unknownModelsAndPathsAreProblemDetails() throws Exception {
        assertProblem(http.postRaw("/api/models/nope/predict", Fixtures.png(1), "image/png"), 404, "GET /api/models");
        assertProblem(http.get("/api/models/nope"), 404, "nope");
        assertProblem(http.get("/api/nothing-here"), 404, "/openapi.json");
    }

    @Test
    void namesCannotTraversePaths() throws Exception {
        for (String path : List.of("/api/models/..%2F..%2Fshapes/predict", "/api/models/%2e%2e/predict",
                "/api/models/shapes%2F..%2F..%2Fsecret.txt/predict")) {
            int status = http.postRaw(path, Fixtures.png(1), "image/png").statusCode();
            assertTrue(status == 404 || status == 400, path + " gave " + status);
        }
        for (String path : List.of("/runs/classify/demo/weights.params", "/runs/classify/..%2F..%2F/secret.txt",
                "/runs/..%2F..%2F/demo/report.json", "/runs/classify/demo/..%2F..%2F..%2Fsecret.txt",
                "/runs/classify/%2e%2e/report.json")) {
            HttpResponse<byte[]> r = http.get(path);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 400, path + " gave " + r.statusCode());
            assertTrue(!Http.text(r).contains("outside the runs folder"), path);
        }
    }

    @Test
    void anUploadPastTheLimitIs413() throws Exception {
        byte[] big = noisePng(200, 200);
        assertTrue(big.length > 64 * 1024);
        Http.Raw raw = http.postRawExpectingContinue(PREDICT, big, "image/png");
        assertEquals(413, raw.status(), raw.text());
        assertEquals(Problem.MEDIA_TYPE, raw.contentType().split(";")[0]);
        assertTrue(raw.text().contains("0.1 MB"), raw.text());
        var refused = http.postFile(PREDICT, "image", "big.png", "image/png", big);
        assertProblem(refused, 413, "smaller image");
        // The rest of the upload is unread: the connection closes, and the client's next request opens another.
        assertEquals("close", refused.headers().firstValue("connection").orElse("").toLowerCase(java.util.Locale.ROOT));
        assertEquals(200, http.get("/api/health").statusCode());
    }

    @Test
    void whatIsNotAnImageIs415WhateverItsName() throws Exception {
        byte[] text = "<html>hello</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertProblem(http.postFile(PREDICT, "image", "cat.jpg", "image/jpeg", text), 415, "JPEG, PNG");
        assertProblem(http.postRaw(PREDICT, text, "image/png"), 415, "whatever its name");
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeader() throws Exception {
        byte[] bomb = withPngSize(Fixtures.png(1), 20_000, 20_000);
        assertProblem(http.postRaw(PREDICT, bomb, "image/png"), 413, "400,000,000 pixels");
    }

    @Test
    void aTruncatedImageIs422AndMissingPartsAre400() throws Exception {
        byte[] jpeg = Fixtures.jpeg(2);
        assertProblem(http.postRaw(PREDICT, java.util.Arrays.copyOf(jpeg, jpeg.length / 2), "image/jpeg"), 422,
                "cannot be read");
        assertProblem(http.postRaw(PREDICT, new byte[0], "image/jpeg"), 400, "empty");
        assertProblem(http.postRaw(PREDICT + "?top_k=abc", Fixtures.png(1), "image/png"), 400, "top_k");
        assertProblem(http.postRaw(PREDICT, "--b--\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "multipart/form-data; boundary=b"), 400, "form field 'image'");
    }

    @Test
    void metricsCountRequestsBatchesAndQueues() throws Exception {
        assertEquals(200, http.postRaw(PREDICT, Fixtures.png(5), "image/png").statusCode());
        HttpResponse<byte[]> r = http.get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = Http.text(r);
        assertTrue(text.contains("citra_http_requests_total{route=\"/api/models/{name}/predict\",method=\"POST\",status=\"200\"}"),
                text);
        assertTrue(text.contains("citra_http_request_duration_seconds_bucket{route=\"/api/models/{name}/predict\",le=\"+Inf\"}"));
        assertTrue(text.contains("citra_batch_size_bucket{model=\"shapes\",le=\"1\"}"), text);
        assertTrue(text.contains("citra_queue_length{model=\"shapes\"} 0"), text);
        assertTrue(text.contains("# TYPE citra_batch_size histogram"));
        assertTrue(text.matches("(?s).*\nprocess_resident_memory_bytes [1-9][0-9]+\n.*"), text);
    }

    @Test
    void theOpenApiDocumentDescribesEveryRoute() throws Exception {
        JsonNode doc = Http.json(http.get("/openapi.json"));
        assertEquals("3.1.0", doc.get("openapi").asText());
        JsonNode paths = doc.get("paths");
        for (String p : List.of("/api/health", "/api/models", "/api/models/{name}", "/api/models/{name}/predict",
                "/api/runs", "/runs/{task}/{run}/{file}", "/metrics", "/openapi.json")) {
            assertTrue(paths.has(p), p + " missing from " + paths.fieldNames());
        }
        JsonNode predict = paths.get("/api/models/{name}/predict").get("post");
        for (String status : List.of("200", "400", "404", "413", "415", "422", "503")) {
            assertTrue(predict.get("responses").has(status), status);
        }
        assertTrue(predict.get("requestBody").get("content").has("multipart/form-data"));
    }

    @Test
    void runsAreListedWithTheirFiles() throws Exception {
        JsonNode runs = Http.json(http.get("/api/runs"));
        assertEquals(1, runs.size());
        JsonNode run = runs.get(0);
        assertEquals("classify", run.get("task").asText());
        assertEquals("demo", run.get("name").asText());
        assertEquals(0.925, run.get("accuracy").asDouble(), 1e-9);
        assertEquals(0.9, run.get("macro_f1").asDouble(), 1e-9);
        assertEquals(List.of("report.json", "curves.png"), List.of(run.get("files").get(0).asText(),
                run.get("files").get(1).asText()));
        HttpResponse<byte[]> png = http.get("/runs/classify/demo/curves.png");
        assertEquals(200, png.statusCode());
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
        assertEquals(Fixtures.png(1).length, png.body().length);
    }

    @Test
    void thePagesAreServedByTheAppItself() throws Exception {
        HttpResponse<byte[]> index = http.get("/");
        assertEquals(200, index.statusCode());
        assertTrue(Http.text(index).contains("Classify or caption a photo"));
        for (String page : List.of("/runs.html", "/upload.js", "/runs.js", "/app.css", "/live.html", "/live.js")) {
            assertEquals(200, http.get(page).statusCode(), page);
        }
        // No page may load anything from another host: the app must work offline.
        for (String page : List.of("/", "/runs.html", "/upload.js", "/runs.js", "/app.css", "/live.html", "/live.js")) {
            assertTrue(!Http.text(http.get(page)).matches("(?s).*(src|href)=\"(https?:)?//.*"), page);
        }
    }

    static void assertProblem(HttpResponse<byte[]> r, int status, String detailPart) throws IOException {
        assertEquals(status, r.statusCode(), Http.text(r));
        assertEquals(Problem.MEDIA_TYPE, r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonNode p = Http.json(r);
        assertEquals(status, p.get("status").asInt());
        assertEquals("about:blank", p.get("type").asText());
        assertTrue(p.get("detail").asText().contains(detailPart), p.get("detail").asText());
    }

    /** An incompressible PNG, so its file is large. */
    static byte[] noisePng(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return ImageEncoding.png(img);
    }

    /** A PNG whose header claims another size (with a valid checksum): a decompression bomb's shape. */
    static byte[] withPngSize(byte[] png, int width, int height) {
        byte[] out = png.clone();
        // Signature (8), IHDR length (4), "IHDR" (4), then width and height.
        ByteBuffer.wrap(out, 16, 8).putInt(width).putInt(height);
        CRC32 crc = new CRC32();
        crc.update(out, 12, 17);
        ByteBuffer.wrap(out, 29, 4).putInt((int) crc.getValue());
        return out;
    }

}
