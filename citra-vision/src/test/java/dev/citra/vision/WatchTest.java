package dev.citra.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import dev.citra.vision.monitor.ClassifyMonitor;
import dev.citra.vision.monitor.ClassifyResult;
import dev.citra.vision.monitor.CropClassifier;
import dev.citra.vision.stats.Stage;
import dev.citra.vision.video.FfmpegSource;
import dev.citra.vision.video.FrameSource;
import dev.citra.vision.video.VideoFileSink;
import dev.citra.vision.video.VideoFrame;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch loop on generated frames and a stand-in classifier: pace, limits, stopping, failures. */
class WatchTest {
    @TempDir
    Path dir;

    /** {@code n} grey frames at {@code fps}; throws after {@code failAfter} frames when it is below n. */
    static FrameSource frames(int n, double fps, boolean live, int failAfter, long nanosPerFrame) {
        return new FrameSource() {
            int i;

            @Override
            public VideoFrame next() {
                if (i == failAfter) {
                    throw new CitraException("Video file fake.mp4 is damaged after frame " + i + ".");
                }
                if (i == n) {
                    return null;
                }
                if (nanosPerFrame > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(nanosPerFrame);
                }
                return new VideoFrame(new Mat(48, 64, opencv_core.CV_8UC3, new Scalar(i % 256, 90, 40, 0)), i, i++ / fps,
                        System.nanoTime());
            }

            @Override
            public double fps() {
                return fps;
            }

            @Override
            public boolean live() {
                return live;
            }

            @Override
            public String describe() {
                return "test frames";
            }

            @Override
            public void close() {}
        };
    }

    /** A classifier that takes {@code millis} per call and says "a". */
    static CropClassifier slow(long millis) {
        return new CropClassifier() {
            @Override
            public List<String> labels() {
                return List.of("a", "b");
            }

            @Override
            public float[][] probabilities(List<BufferedImage> crops) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return crops.stream().map(c -> new float[] {0.7f, 0.3f}).toArray(float[][]::new);
            }
        };
    }

    private static long countFrames(Path video) {
        long n = 0;
        try (FrameSource s = FfmpegSource.file(video)) {
            for (VideoFrame f = s.next(); f != null; f = s.next()) {
                f.close();
                n++;
            }
        }
        return n;
    }

    @Test
    void everyFrameOfAFileIsProcessedAndWrittenWithEachStageTimed() {
        Path out = dir.resolve("out.mp4");
        List<ClassifyResult> results = new ArrayList<>();
        WatchSummary s = Watch.builder(frames(25, 25, false, -1, 0), new ClassifyMonitor(slow(1), 1, 1))
                .sink(new VideoFileSink(out, 25)).listener(results::add).build().run();
        assertEquals(25, s.decoded());
        assertEquals(25, s.processed());
        assertEquals(0, s.dropped());
        assertEquals(25, results.size());
        assertEquals(25, countFrames(out));
        assertEquals(java.util.Set.of(Stage.DECODE, Stage.CLASSIFY, Stage.DRAW, Stage.ENCODE), s.stageMillis().keySet());
        assertEquals(java.util.Map.of("label", 1), s.events());
    }

    @Test
    void maxFramesAndStrideLimitWhatIsProcessed() {
        WatchSummary s = Watch.builder(frames(40, 25, false, -1, 0), new ClassifyMonitor(slow(0), 1, 1)).stride(3).maxFrames(5)
                .build().run();
        assertEquals(5, s.processed());
        assertEquals("max frames", s.stoppedBy());
        assertTrue(s.strided() >= 8, "frames 1, 2, 4, 5, ... skipped: " + s.strided());
    }

    @Test
    void aLiveSourceFasterThanTheModelDropsStaleFramesInsteadOfFallingBehind() {
        // 100 frames delivered at 200 FPS, a model at about 50 FPS.
        List<ClassifyResult> results = new ArrayList<>();
        WatchSummary s = Watch.builder(frames(100, 200, true, -1, 5_000_000), new ClassifyMonitor(slow(20), 1, 1))
                .listener(results::add).build().run();
        assertEquals(100, s.decoded());
        assertTrue(s.dropped() > 30, "dropped " + s.dropped());
        assertEquals(100, s.processed() + s.dropped());
        for (int i = 1; i < results.size(); i++) {
            assertTrue(results.get(i).seconds() > results.get(i - 1).seconds());
        }
    }

    @Test
    void theStopFlagEndsTheRunAndTheSavedVideoStaysPlayable() throws Exception {
        Path out = dir.resolve("stopped.avi");
        AtomicBoolean stop = new AtomicBoolean();
        List<ClassifyResult> results = new ArrayList<>();
        WatchSummary s = Watch.builder(frames(10_000, 30, true, -1, 2_000_000), new ClassifyMonitor(slow(5), 1, 1))
                .sink(new VideoFileSink(out, 30)).stopFlag(stop).listener(r -> {
                    results.add(r);
                    if (results.size() == 12) {
                        stop.set(true); // as Ctrl-C's shutdown hook does
                    }
                }).build().run();
        assertEquals("interrupted", s.stoppedBy());
        assertEquals(12, s.processed());
        assertTrue(Files.isRegularFile(out));
        assertEquals(12, countFrames(out));
    }

    @Test
    void aSourceFailingMidwayStopsWithItsMessageAfterClosingTheVideo() {
        Path out = dir.resolve("partial.mp4");
        CitraException e = assertThrows(CitraException.class, () -> Watch.builder(frames(50, 25, false, 20, 0),
                new ClassifyMonitor(slow(0), 1, 1)).sink(new VideoFileSink(out, 25)).build().run());
        assertTrue(e.getMessage().contains("damaged after frame 20"), e.getMessage());
        assertEquals(20, countFrames(out));
    }
}
