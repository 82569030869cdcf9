package dev.citra.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citra.vision.detect.DetectionParams;
import dev.citra.vision.detect.HaarEyeFinder;
import dev.citra.vision.detect.HaarFaceFinder;
import dev.citra.vision.monitor.BundleClassifier;
import dev.citra.vision.monitor.DrowsinessMonitor;
import dev.citra.vision.monitor.DrowsinessResult;
import dev.citra.vision.monitor.DrowsinessRules;
import dev.citra.vision.monitor.LabelChecks;
import dev.citra.vision.stats.Stage;
import dev.citra.vision.video.FfmpegSource;
import dev.citra.vision.video.FrameSource;
import dev.citra.vision.video.VideoFileSink;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on real images: a video of a face whose eyes are real open/closed eye crops, a
 * real eye-state model trained here, real Haar cascades; the alarm fires when the script says.
 */
class DrowsinessVideoTest {
    @TempDir
    static Path dir;

    static Path model;
    static Path video;

    @BeforeAll
    static void trainAndFilm() {
        Path zip = TestData.shared("eyes-state.zip");
        TestData.shared("haarcascades");
        TestData.shared("weights/samples/grace_hopper.bmp");
        long t0 = System.nanoTime();
        model = EyeVideos.trainEyeModel(zip, dir.resolve("runs"), 40);
        long t1 = System.nanoTime();
        EyeVideos.Scene scene = EyeVideos.scene();
        try (BundleClassifier classifier = BundleClassifier.load(model)) {
            Path data = dir.resolve("runs/eyes");
            List<BufferedImage> open = EyeVideos.crops(data, "Open", classifier, scene, 4);
            List<BufferedImage> closed = EyeVideos.crops(data, "Closed", classifier, scene, 4);
            System.out.printf("trained in %.1f s, crops chosen in %.1f s%n", (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
            assertFalse(open.isEmpty() || closed.isEmpty(), "the eye model learned nothing");
            video = dir.resolve("driver.mp4");
            // 10 FPS: open 2 s, closed 3 s (from t = 2.0), open 2 s.
            EyeVideos.write(video, scene, 10, open, closed, new double[][] {{2, 0}, {3, 1}, {2, 0}});
        }
    }

    @Test
    void eyesClosedInTheVideoRaiseTheAlarmAfterTheThresholdAndTheAnnotatedVideoAndEventsAreWritten() throws Exception {
        Path saved = dir.resolve("annotated.avi");
        Path events = dir.resolve("events.jsonl");
        List<DrowsinessResult> results = new ArrayList<>();
        WatchSummary summary;
        try (BundleClassifier classifier = BundleClassifier.load(model);
                HaarFaceFinder faces = HaarFaceFinder.frontal(TestData.cascades(), DetectionParams.faces(), 320);
                HaarEyeFinder eyes = HaarEyeFinder.of(TestData.cascades(), DetectionParams.eyes(), false, true);
                DrowsinessMonitor monitor = new DrowsinessMonitor(faces, eyes, classifier,
                        LabelChecks.closedIndex("eyes", classifier.labels(), null), EyeVideos.MARGIN, DrowsinessRules.defaults());
                FrameSource source = FfmpegSource.file(video);
                EventLog log = EventLog.to(events)) {
            summary = Watch.builder(source, monitor).sink(new VideoFileSink(saved, 10)).events(log).listener(results::add)
                    .build().run();
        }
        assertEquals(70, summary.processed());
        assertEquals("end of source", summary.stoppedBy());
        long withFace = results.stream().filter(r -> r.face() != null).count();
        assertTrue(withFace >= 68, "the face was found in " + withFace + " of 70 frames");
        // The alarm: eyes closed from 2.0 s, threshold 1.5 s → 3.5 s; a missed first frame may shift it by one.
        List<Double> alarms = results.stream().flatMap(r -> r.events().stream()).filter(e -> e.type().equals("alarm_start"))
                .map(e -> e.seconds()).toList();
        assertEquals(1, alarms.size(), "alarms at " + alarms);
        assertTrue(alarms.get(0) >= 3.5 - 1e-6 && alarms.get(0) <= 3.6 + 1e-6, "alarm at " + alarms.get(0));
        for (DrowsinessResult r : results) {
            if (r.seconds() < 3.5 - 1e-6 || r.seconds() > 5.3) {
                assertFalse(r.alarm(), "alarm at t=" + r.seconds());
            }
        }
        assertEquals(1, summary.alarmLatencyMillis().size());
        for (Stage s : List.of(Stage.DECODE, Stage.FACE, Stage.EYES, Stage.CLASSIFY, Stage.DRAW, Stage.ENCODE)) {
            assertTrue(summary.stageMillis().containsKey(s), "no time for " + s);
        }
        // Outputs: a playable video with every frame, and JSON lines naming the alarm.
        try (FrameSource back = FfmpegSource.file(saved)) {
            int n = 0;
            for (var f = back.next(); f != null; f = back.next()) {
                f.close();
                n++;
            }
            assertEquals(70, n);
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(events)) {
            lines.add(json.readTree(line));
        }
        JsonNode start = lines.stream().filter(l -> l.get("event").asText().equals("alarm_start")).findFirst().orElseThrow();
        assertEquals(alarms.get(0), start.get("t").asDouble(), 1e-3);
        assertTrue(start.get("frame").asLong() >= 35);
    }
}
