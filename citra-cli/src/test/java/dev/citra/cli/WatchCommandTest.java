package dev.citra.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.bundle.BundleMetadata;
import dev.citra.bundle.ModelBundle;
import dev.citra.data.DemoDataset;
import dev.citra.image.ImageSpec;
import dev.citra.image.Normalization;
import dev.citra.model.ArchitectureRegistry;
import dev.citra.model.ArchitectureSpec;
import dev.citra.model.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code citra watch} through the command line: outputs, JSON, and bad input in one sentence each. */
class WatchCommandTest {
    @TempDir
    static Path dir;

    static Path shapes;
    static Path frames;

    static Path bundle(String name, List<String> labels) {
        ImageSpec spec = new ImageSpec(24, 3, Normalization.UNIT);
        Path b = dir.resolve(name);
        try (Network net = Network.create(ArchitectureRegistry.defaults(), ArchitectureSpec.named("simple-cnn"), spec, labels, 1)) {
            ModelBundle.save(b, net, BundleMetadata.of(BundleMetadata.CURRENT_FORMAT, net.architecture(), labels, spec, null,
                    Map.of(), null, 1, net.parameterCount(), "test", "now"));
        }
        return b;
    }

    @BeforeAll
    static void data() throws Exception {
        shapes = bundle("shapes", DemoDataset.CLASSES);
        DemoDataset.write(dir.resolve("demo"), 3, 64, 2);
        frames = dir.resolve("demo/circle");
    }

    private static String cascades() {
        Path p = Path.of(System.getProperty("citra.shared", "../../shared"), "data", "haarcascades");
        return p.toString();
    }

    @Test
    void classifyOnAFolderOfFramesSavesTheVideoAndTheEventsAndPrintsTheSummary() throws Exception {
        Path video = dir.resolve("out/classified.avi");
        Path events = dir.resolve("out/events.jsonl");
        Outcome o = Outcome.run("watch", "classify", "--model", shapes.toString(), "--source", frames.toString(),
                "--save", video.toString(), "--json", events.toString(), "--json-frames");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Frames:   3 decoded, 3 processed"), o.out());
        assertTrue(o.out().contains("classification") && o.out().contains("encoding"), o.out());
        assertTrue(Files.size(video) > 0);
        List<String> lines = Files.readAllLines(events);
        ObjectMapper json = new ObjectMapper();
        assertEquals("label", json.readTree(lines.get(0)).get("event").asText());
        assertEquals(3, lines.stream().filter(l -> l.contains("\"event\":\"frame\"")).count());
        JsonNode summary = json.readTree(lines.get(lines.size() - 1));
        assertEquals("summary", summary.get("event").asText());
        assertEquals(3, summary.get("processed").asInt());
    }

    @Test
    void jsonOnStandardOutputIsOnlyJsonLinesAndTheSummaryGoesToStandardError() throws Exception {
        Outcome o = Outcome.run("watch", "classify", "--model", shapes.toString(), "--source", frames.toString(), "--json",
                "--max-frames", "2");
        assertEquals(0, o.code(), o.err());
        ObjectMapper json = new ObjectMapper();
        for (String line : o.out().strip().split("\n")) {
            json.readTree(line);
        }
        assertTrue(o.out().strip().endsWith("}") && o.out().contains("\"stopped_by\":\"max frames\""), o.out());
        assertTrue(o.err().contains("Frames:"), o.err());
    }

    /**
     * The engine reads its thread count once, when it starts, and --device starts it: the count is
     * set as the line is read and the device is applied only when the command runs, in either order.
     */
    @Test
    void torchThreadsIsSetBeforeTheDeviceFlagStartsTheEngine() {
        String threads = System.getProperty("ai.djl.pytorch.num_threads");
        String device = System.getProperty(dev.citra.util.Devices.PROPERTY);
        try {
            for (String[] order : new String[][] {{"--device", "cpu", "--torch-threads", "3"},
                    {"--torch-threads", "3", "--device", "cpu"}}) {
                System.clearProperty("ai.djl.pytorch.num_threads");
                System.clearProperty(dev.citra.util.Devices.PROPERTY);
                java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("watch", "classify",
                        "--model", "some/run"));
                args.addAll(java.util.List.of(order));
                Main.commandLine().parseArgs(args.toArray(String[]::new));
                assertEquals("3", System.getProperty("ai.djl.pytorch.num_threads"), String.join(" ", order));
                assertEquals(null, System.getProperty(dev.citra.util.Devices.PROPERTY), "not applied while parsing");
            }
            System.setProperty("ai.djl.pytorch.num_threads", "5");
            Main.commandLine().parseArgs("watch", "classify", "--model", "some/run", "--torch-threads", "3");
            assertEquals("5", System.getProperty("ai.djl.pytorch.num_threads"), "-Dai.djl.pytorch.num_threads wins");
        } finally {
            restore("ai.djl.pytorch.num_threads", threads);
            restore(dev.citra.util.Devices.PROPERTY, device);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void badInputIsOneSentenceAndExitCodeTwo() throws Exception {
        Path caption = dir.resolve("caption");
        Files.createDirectories(caption);
        Files.writeString(caption.resolve("citra.json"), "{\"format\":1,\"task\":\"caption\"}");
        expectError("is a caption model", "watch", "expression", "--model", caption.toString(), "--source", frames.toString());
        expectError("has no class meaning closed eyes", "watch", "drowsiness", "--model", shapes.toString(), "--source",
                frames.toString(), "--cascades", cascades());
        Path eyes = bundle("eyes", List.of("Closed", "Open"));
        expectError("classifies eye states", "watch", "expression", "--model", eyes.toString(), "--source", frames.toString());
        expectError("Camera 97 cannot be opened", "watch", "classify", "--model", shapes.toString(), "--source", "97");
        expectError("does not exist", "watch", "classify", "--model", shapes.toString(), "--source", dir.resolve("x.mp4").toString());
        expectError("--cascades " + dir.resolve("nowhere") + " is not a folder", "watch", "drowsiness", "--model", eyes.toString(),
                "--cascades", dir.resolve("nowhere").toString());
        expectError("--alarm-seconds", "watch", "drowsiness", "--model", eyes.toString(), "--alarm-seconds", "0");
        expectError("has no video extension", "watch", "classify", "--model", shapes.toString(), "--source", frames.toString(),
                "--save", dir.resolve("out.txt").toString());
    }

    private static void expectError(String fragment, String... args) {
        Outcome o = Outcome.run(args);
        assertEquals(Main.USER_ERROR, o.code(), o.out() + o.err());
        assertTrue(o.err().contains(fragment), o.err());
        assertFalse(o.err().contains("\tat "), "a stack trace: " + o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
    }
}
