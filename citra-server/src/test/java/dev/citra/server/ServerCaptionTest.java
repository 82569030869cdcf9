package dev.citra.server;

import static dev.citra.server.ServerApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citra.caption.CaptionDecoder;
import dev.citra.caption.Captioner;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A caption model served beside a classifier, over real HTTP: the caption endpoint and its refusals. */
class ServerCaptionTest {
    private static final String CAPTION = "/api/models/cap/caption";
    private static final String KEY = "s3cret";

    @TempDir
    static Path dir;
    static Path captionBundle;
    static CitraServer server;
    static Metrics metrics;
    static Http http;

    @BeforeAll
    static void start() throws IOException {
        captionBundle = Fixtures.captionBundle(dir);
        Path classifier = Fixtures.bundle(dir);
        metrics = new Metrics();
        ModelRegistry models = ModelRegistry.load(List.of(ModelSource.parse(classifier.toString()),
                ModelSource.parse("cap=" + captionBundle)), Map.of("cap", "Captions are machine-made."),
                Fixtures.settings(8, 2, 64), metrics);
        ServerConfig config = ServerConfig.builder().port(0).maxUploadBytes(64 * 1024).maxPixels(1_000_000).apiKey(KEY)
                .runsDir(dir.resolve("runs")).build();
        server = CitraServer.start(config, models, metrics);
        http = new Http(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> post(String path, byte[] image) throws IOException, InterruptedException {
        return http.postRaw(path, image, "image/png", "X-API-Key", KEY);
    }

    @Test
    void modelsListsBothKinds() throws Exception {
        JsonNode models = Http.json(http.get("/api/models"));
        assertEquals(2, models.size());
        assertEquals("shapes", models.get(0).get("name").asText());
        assertEquals("classify", models.get(0).get("task").asText());
        assertEquals(3, models.get(0).get("labels").size());
        JsonNode cap = models.get(1);
        assertEquals("cap", cap.get("name").asText());
        assertEquals("caption", cap.get("task").asText());
        assertEquals(0, cap.get("labels").size());
        assertEquals("mobilenet_v2+merge", cap.get("architecture").asText());
        assertEquals(32, cap.get("input").get("size").asInt());
        assertEquals("symmetric", cap.get("input").get("normalization").asText());
    }

    @Test
    void captionsAsTheLibraryDoes() throws Exception {
        List<CaptionDecoder.Caption> expected = new ArrayList<>();
        try (Captioner captioner = Captioner.load(captionBundle)) {
            expected.add(captioner.caption(Fixtures.picture(3), 1));
            expected.add(captioner.caption(Fixtures.picture(3), 3));
            expected.add(captioner.caption(Fixtures.picture(3), captioner.metadata().beam()));
        }
        List<HttpResponse<byte[]>> answers = List.of(
                http.postFile(CAPTION + "?beam=1", "image", "photo.png", "image/png", Fixtures.png(3), "X-API-Key", KEY),
                post(CAPTION + "?beam=3", Fixtures.png(3)), post(CAPTION, Fixtures.png(3)));
        int[] beams = {1, 3, 2};
        for (int i = 0; i < 3; i++) {
            HttpResponse<byte[]> r = answers.get(i);
            assertEquals(200, r.statusCode(), Http.text(r));
            JsonNode body = Http.json(r);
            assertEquals("cap", body.get("model").asText());
            assertEquals(expected.get(i).text(), body.get("caption").asText());
            List<String> words = new ArrayList<>();
            body.get("words").forEach(w -> words.add(w.asText()));
            assertEquals(expected.get(i).words(), words);
            assertEquals(expected.get(i).logProbability(), body.get("log_probability").asDouble(), 1e-9);
            assertEquals(beams[i], body.get("beam").asInt());
            assertEquals("Captions are machine-made.", body.get("notice").asText());
            assertEquals(64, body.get("width").asInt());
        }
    }

    @Test
    void eachModelPointsToItsOwnEndpoint() throws Exception {
        assertProblem(post("/api/models/cap/predict", Fixtures.png(1)), 400, "/api/models/cap/caption");
        assertProblem(post("/api/models/shapes/caption", Fixtures.png(1)), 400, "/api/models/shapes/predict");
        assertProblem(post("/api/models/nope/caption", Fixtures.png(1)), 404, "GET /api/models");
    }

    @Test
    void aBeamOutOfRangeIs400() throws Exception {
        for (String beam : List.of("0", "101", "-3", "wide")) {
            assertProblem(post(CAPTION + "?beam=" + beam, Fixtures.png(1)), 400, "beam must be a whole number from 1");
        }
    }

    @Test
    void uploadsAreCheckedAsForPredict() throws Exception {
        byte[] big = ServerApiTest.noisePng(200, 200);
        assertProblem(http.postFile(CAPTION, "image", "big.png", "image/png", big, "X-API-Key", KEY), 413,
                "smaller image");
        assertProblem(post(CAPTION, ServerApiTest.withPngSize(Fixtures.png(1), 20_000, 20_000)), 413, "pixels");
        assertProblem(post(CAPTION, "<html>hi</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 415, "JPEG, PNG");
        byte[] jpeg = Fixtures.jpeg(2);
        assertProblem(http.postRaw(CAPTION, java.util.Arrays.copyOf(jpeg, jpeg.length / 2), "image/jpeg", "X-API-Key", KEY),
                422, "cannot be read");
        assertProblem(http.postRaw(CAPTION, Fixtures.png(1), "image/png"), 401, "X-API-Key");
    }

    @Test
    void metricsAndTheOpenApiDocumentKnowTheRoute() throws Exception {
        assertEquals(200, post(CAPTION + "?beam=1", Fixtures.png(5)).statusCode());
        String text = Http.text(http.get("/metrics"));
        assertTrue(text.contains("citra_http_requests_total{route=\"/api/models/{name}/caption\",method=\"POST\","
                + "status=\"200\"}"), text);
        assertTrue(text.contains("citra_queue_length{model=\"cap\"} 0"), text);
        JsonNode caption = Http.json(http.get("/openapi.json")).get("paths").get("/api/models/{name}/caption").get("post");
        for (String status : List.of("200", "400", "401", "404", "413", "415", "422", "503")) {
            assertTrue(caption.get("responses").has(status), status);
        }
        assertEquals("beam", caption.get("parameters").get(1).get("name").asText());
        assertTrue(caption.get("requestBody").get("content").has("multipart/form-data"));
    }
}
