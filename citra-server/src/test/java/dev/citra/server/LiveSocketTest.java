package dev.citra.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citra.CitraException;
import dev.citra.caption.Captioner;
import dev.citra.infer.Classifier;
import dev.citra.vision.detect.HaarCascades;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live camera's WebSocket over real HTTP on the loopback interface, with frames made from
 * real images: the expression, drowsiness and classify monitors, each refusal, and the limits.
 */
class LiveSocketTest {
    @TempDir
    static Path dir;
    static CitraServer server;
    /** The same models behind tight limits: 2 connections, 2 frames a second, 200 KB, 1 megapixel. */
    static CitraServer strict;
    static byte[] portrait;
    static byte[] eyesClosed;

    @BeforeAll
    static void start() throws Exception {
        HaarCascades cascades = LiveScenes.cascades();
        portrait = LiveScenes.jpeg(LiveScenes.portrait());
        eyesClosed = LiveScenes.jpeg(LiveScenes.eyesClosed());
        Metrics metrics = new Metrics();
        BatchSettings settings = Fixtures.settings(8, 1, 64);
        ModelRegistry models = new ModelRegistry(List.of(
                ServedClassifier.of("faces", Classifier.load(Fixtures.bundle(dir)), null, settings, metrics),
                LiveScenes.eyeModel("eyes", metrics),
                ServedCaptioner.of("cap", Captioner.load(Fixtures.captionBundle(dir)), null, settings)));
        server = CitraServer.start(ServerConfig.builder().port(0).cascades(cascades.dir()).build(), models, metrics);
        ModelRegistry strictModels = new ModelRegistry(List.of(Fixtures.fake("shapes", t -> Fixtures.constant(t, 2),
                settings, metrics)));
        strict = CitraServer.start(ServerConfig.builder().port(0).cascades(cascades.dir())
                .live(new LiveLimits(200 * 1024, 1_000_000, 2, 2)).build(), strictModels, metrics);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (strict != null) {
            strict.close();
        }
    }

    @Test
    void graceHopperIsOneFaceWithALabel() throws Exception {
        try (LiveClient live = LiveClient.open(server, "model=faces&mode=expression")) {
            JsonNode ready = live.next();
            assertEquals("ready", ready.get("type").asText(), ready.toString());
            assertEquals("expression", ready.get("mode").asText());
            assertEquals(Fixtures.LABELS.size(), ready.get("labels").size());
            JsonNode frame = live.frame(portrait);
            assertEquals("frame", frame.get("type").asText(), frame.toString());
            assertEquals(640, frame.get("width").asInt());
            JsonNode faces = frame.get("faces");
            assertEquals(1, faces.size(), frame.toString());
            JsonNode face = faces.get(0);
            assertTrue(Fixtures.LABELS.contains(face.get("label").asText()), face.toString());
            assertEquals(face.get("probability").asDouble(), face.get("probabilities").get(face.get("label").asText())
                    .asDouble(), 1e-6);
            int[] box = ints(face.get("box"));
            // The portrait is drawn at x 170..470, y 20..; the face is in its middle third.
            assertTrue(box[0] > 170 && box[0] + box[2] < 470 && box[2] > 80 && box[1] > 20, Arrays.toString(box));
            assertEquals("expression", frame.get("events").get(0).get("type").asText(), "a new face gets its label");
            JsonNode second = live.frame(portrait);
            assertEquals(1, second.get("frame").asInt());
            assertEquals(face.get("id").asInt(), second.get("faces").get(0).get("id").asInt(), "the same face, followed");
            assertTrue(second.get("fps").asDouble() > 0, second.toString());
        }
    }

    @Test
    void eyesClosedLongEnoughRaiseTheAlarmAndNotBefore() throws Exception {
        try (LiveClient live = LiveClient.open(server, "model=eyes&mode=drowsiness&alarm_seconds=1")) {
            JsonNode ready = live.next();
            assertEquals(1.0, ready.get("alarm_seconds").asDouble(), ready.toString());
            List<JsonNode> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(paced(live, portrait));
            }
            for (JsonNode open : answers) {
                assertEquals("open", open.get("state").asText(), open.toString());
                assertFalse(open.get("alarm").asBoolean());
                assertEquals(2, open.get("eyes").size(), open.toString());
            }
            double firstClosed = Double.NaN;
            JsonNode alarm = null;
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (alarm == null && System.nanoTime() < deadline) {
                JsonNode a = paced(live, eyesClosed);
                answers.add(a);
                assertTrue(a.get("state").asText().matches("closed|alarm"), a.toString());
                if (Double.isNaN(firstClosed)) {
                    firstClosed = a.get("seconds").asDouble();
                }
                if (a.get("alarm").asBoolean()) {
                    alarm = a;
                } else {
                    assertTrue(a.get("seconds").asDouble() - firstClosed < 1.0 + 1e-6, "no alarm past the threshold: " + a);
                }
            }
            assertNotNull(alarm, "no alarm after 20 s of closed eyes");
            assertTrue(alarm.get("seconds").asDouble() - firstClosed >= 1.0 - 1e-6, alarm.toString());
            assertTrue(alarm.get("closed_seconds").asDouble() >= 1.0 - 1e-6, alarm.toString());
            assertEquals("alarm_start", alarm.get("events").get(0).get("type").asText(), alarm.toString());
            assertTrue(alarm.get("perclos").asDouble() > 0, alarm.toString());
            JsonNode reopened = null;
            for (int i = 0; i < 10 && (reopened == null || reopened.get("alarm").asBoolean()); i++) {
                reopened = paced(live, portrait);
            }
            assertFalse(reopened.get("alarm").asBoolean(), "the alarm ends when the eyes open: " + reopened);
        }
    }

    @Test
    void classifyModeClassifiesTheWholeFrame() throws Exception {
        try (LiveClient live = LiveClient.open(strict, "model=shapes&mode=classify")) {
            assertEquals("ready", live.next().get("type").asText());
            JsonNode frame = live.frame(portrait);
            assertEquals("triangle", frame.get("top").get(0).get("label").asText(), frame.toString());
            assertEquals(0.8, frame.get("top").get(0).get("probability").asDouble(), 1e-3);
        }
    }

    @Test
    void badAndOversizedFramesAreAnsweredAndTheConnectionStays() throws Exception {
        try (LiveClient live = LiveClient.open(strict, "model=shapes&mode=classify")) {
            live.next();
            assertError(live.frame("not a picture".getBytes(StandardCharsets.UTF_8)), 415, "not a JPEG, PNG");
            Thread.sleep(600);
            byte[] big = new byte[300 * 1024];
            big[0] = (byte) 0xFF;
            big[1] = (byte) 0xD8;
            big[2] = (byte) 0xFF;
            assertError(live.frame(big), 413, "more than the 200 KB");
            Thread.sleep(600);
            assertError(live.frame(ServerApiTest.withPngSize(Fixtures.png(1), 20_000, 20_000)), 413, "pixels");
            Thread.sleep(600);
            byte[] cut = Arrays.copyOf(portrait, portrait.length / 3);
            assertError(live.frame(cut), 422, "cannot be read");
            Thread.sleep(600);
            live.sendText("hello");
            assertError(live.next(), 400, "binary messages");
            assertEquals("frame", live.frame(portrait).get("type").asText(), "the connection still works");
            assertTrue(live.isOpen());
        }
    }

    @Test
    void aMessageFarPastTheFrameLimitClosesTheConnectionWithAReason() throws Exception {
        try (LiveClient live = LiveClient.open(strict, "model=shapes&mode=classify")) {
            live.next();
            // One message 1 KB past the transport's limit (twice the 200 KB frame limit + 64 KB), its last
            // fragment the one that crosses it: the server has read every byte sent when it closes, so the
            // close frame is not lost to a reset of unread data (a 1 MB frame in one piece raced it).
            live.sendFragmented(2 * 200 * 1024 + 64 * 1024 + 1024, 16 * 1024);
            LiveClient.Closed closed = live.closed();
            assertEquals(1009, closed.code(), closed.toString());
            assertFalse(closed.reason().isBlank());
        }
    }

    @Test
    void framesFasterThanTheRateAreRefusedOneByOne() throws Exception {
        try (LiveClient live = LiveClient.open(strict, "model=shapes&mode=classify")) {
            live.next();
            Thread.sleep(1600); // a full bucket
            byte[] small = LiveScenes.jpeg(Fixtures.picture(1));
            for (int i = 0; i < 8; i++) {
                live.send(small);
            }
            int answered = 0;
            int refused = 0;
            for (int i = 0; i < 8; i++) {
                JsonNode m = live.next();
                if (m.get("type").asText().equals("frame")) {
                    answered++;
                } else {
                    assertError(m, 429, "faster than the 2 a second");
                    refused++;
                }
            }
            assertTrue(answered >= 3 && refused >= 1, answered + " answered, " + refused + " refused");
            assertTrue(live.isOpen());
        }
    }

    @Test
    void aConnectionBeyondTheLimitIsClosedWithAReason() throws Exception {
        try (LiveClient a = LiveClient.open(strict, "model=shapes&mode=classify");
                LiveClient b = LiveClient.open(strict, "model=shapes&mode=classify")) {
            a.next();
            b.next();
            try (LiveClient c = LiveClient.open(strict, "model=shapes&mode=classify")) {
                assertFatal(c, 1013, "2 live cameras connected");
            }
        }
        Thread.sleep(300); // the server sees the closes
        try (LiveClient again = LiveClient.open(strict, "model=shapes&mode=classify")) {
            assertEquals("ready", again.next().get("type").asText(), "a freed place is taken again");
        }
    }

    @Test
    void connectionsThatCannotStartAreClosedWithAReason() throws Exception {
        String[][] cases = {
            {"model=faces&mode=dance", "mode=expression, mode=drowsiness, mode=classify"},
            {"mode=classify", "names no model"},
            {"model=nope&mode=classify", "GET /api/models"},
            {"model=cap&mode=expression", "needs a classifier"},
            {"model=eyes&mode=expression", "classifies eye states"},
            {"model=faces&mode=drowsiness", "no class meaning closed eyes"},
            {"model=eyes&mode=drowsiness&alarm_seconds=0.1", "alarm_seconds must be"},
            {"model=eyes&mode=drowsiness&closed_label=shut", "--closed-label shut is not a class"}};
        for (String[] c : cases) {
            try (LiveClient live = LiveClient.open(server, c[0])) {
                assertFatal(live, 1008, c[1]);
            }
        }
    }

    @Test
    void aZeroShutdownTimeoutStillLetsLiveFramesWaitForTheirPass() throws Exception {
        Metrics metrics = new Metrics();
        BatchFunction slow = tensors -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Fixtures.constant(tensors, 2);
        };
        ModelRegistry models = new ModelRegistry(List.of(Fixtures.fake("slow", slow, Fixtures.settings(4, 1, 16),
                metrics)));
        try (CitraServer zero = CitraServer.start(ServerConfig.builder().port(0).shutdownTimeout(Duration.ZERO).build(),
                models, metrics); LiveClient live = LiveClient.open(zero, "model=slow&mode=classify")) {
            assertEquals("ready", live.next().get("type").asText());
            JsonNode frame = live.frame(portrait);
            assertEquals("frame", frame.get("type").asText(), frame.toString());
            assertEquals("triangle", frame.get("top").get(0).get("label").asText(), frame.toString());
        }
    }

    @Test
    void withoutCascadesTheFaceModesSayWhatToInstallAndClassifyStillWorks() throws Exception {
        assumeTrue(HaarCascades.STANDARD.stream().noneMatch(d -> Files.exists(d.resolve(HaarCascades.FACE))),
                "OpenCV's cascades are installed on this machine");
        try (CitraServer bare = shapesServer(ServerConfig.builder().port(0))) {
            try (LiveClient live = LiveClient.open(bare, "model=shapes&mode=expression")) {
                assertFatal(live, 1008, "apt-get install opencv-data");
            }
            try (LiveClient live = LiveClient.open(bare, "model=shapes&mode=classify")) {
                assertEquals("ready", live.next().get("type").asText());
            }
            assertFalse(Http.json(new Http(bare.uri()).get("/api/health")).get("live_cascades").asBoolean());
        }
    }

    @Test
    void aCascadesFolderThatIsNotThereStopsTheStart() {
        CitraException e = assertThrows(CitraException.class, () -> shapesServer(ServerConfig.builder().port(0)
                .cascades(dir.resolve("no-such-folder"))));
        assertTrue(e.getMessage().contains("--cascades"), e.getMessage());
    }

    @Test
    void stoppingTheServerClosesLiveConnectionsWithAReason() throws Exception {
        CitraServer short1 = shapesServer(ServerConfig.builder().port(0));
        try (LiveClient live = LiveClient.open(short1, "model=shapes&mode=classify")) {
            live.next();
            short1.close();
            LiveClient.Closed closed = live.closed();
            assertEquals(1001, closed.code());
            assertTrue(closed.reason().contains("shutting down"), closed.reason());
        }
    }

    @Test
    void aServerWithAnApiKeyWantsItOnTheLiveSocketToo() throws Exception {
        try (CitraServer keyed = shapesServer(ServerConfig.builder().port(0).apiKey("s3cret"))) {
            try (LiveClient live = LiveClient.open(keyed, "model=shapes&mode=classify")) {
                assertFatal(live, 1008, "api_key query parameter");
            }
            try (LiveClient live = LiveClient.open(keyed, "model=shapes&mode=classify&api_key=wrong")) {
                assertFatal(live, 1008, "key is wrong");
            }
            try (LiveClient live = LiveClient.open(keyed, "model=shapes&mode=classify&api_key=s3cret")) {
                assertEquals("ready", live.next().get("type").asText());
            }
        }
    }

    @Test
    void aLongReasonIsCutToAControlFrame() {
        String reason = LiveEndpoint.reason("é".repeat(200));
        assertTrue(reason.getBytes(StandardCharsets.UTF_8).length <= 123);
        assertTrue(reason.endsWith("\u2026"));
        assertEquals("short", LiveEndpoint.reason("short"));
    }

    /** A server of one fake classifier that always says "circle". */
    private static CitraServer shapesServer(ServerConfig.Builder config) {
        Metrics metrics = new Metrics();
        ModelRegistry models = new ModelRegistry(List.of(Fixtures.fake("shapes", t -> Fixtures.constant(t, 0),
                Fixtures.settings(4, 1, 16), metrics)));
        return CitraServer.start(config.build(), models, metrics);
    }

    /** Sends a frame at about 6 a second, as the page would, and gives its answer. */
    private static JsonNode paced(LiveClient live, byte[] frame) throws InterruptedException {
        Thread.sleep(150);
        JsonNode answer = live.frame(frame);
        assertEquals("frame", answer.get("type").asText(), answer.toString());
        return answer;
    }

    private static void assertError(JsonNode m, int status, String text) {
        assertEquals("error", m.get("type").asText(), m.toString());
        assertEquals(status, m.get("status").asInt(), m.toString());
        assertFalse(m.get("fatal").asBoolean());
        assertTrue(m.get("message").asText().contains(text), m.toString());
    }

    private static void assertFatal(LiveClient live, int code, String text) throws Exception {
        JsonNode m = live.next();
        assertEquals("error", m.get("type").asText(), m.toString());
        assertTrue(m.get("fatal").asBoolean(), m.toString());
        assertTrue(m.get("message").asText().contains(text), m.toString());
        LiveClient.Closed closed = live.closed();
        assertEquals(code, closed.code(), closed.toString());
        assertFalse(closed.reason().isBlank());
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
