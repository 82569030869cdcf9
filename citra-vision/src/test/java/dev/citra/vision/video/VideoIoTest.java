package dev.citra.vision.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

class VideoIoTest {
    @TempDir
    Path dir;

    /** A frame whose left part is bright and moves right by 8 pixels a frame. */
    static Mat frame(int i) {
        Mat m = new Mat(120, 160, opencv_core.CV_8UC3, new Scalar(30, 60, 90, 0));
        org.bytedeco.opencv.global.opencv_imgproc.rectangle(m, new org.bytedeco.opencv.opencv_core.Rect(8 * i, 20, 40, 60),
                new Scalar(250, 250, 250, 0), -1, 8, 0);
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"clip.mp4", "clip.avi", "clip.mkv"})
    void writtenVideoReadsBackWithItsFramesAndTimes(String name) {
        Path file = dir.resolve(name);
        VideoFileSink sink = new VideoFileSink(file, 10);
        for (int i = 0; i < 12; i++) {
            try (VideoFrame f = new VideoFrame(frame(i), i, i / 10.0, System.nanoTime())) {
                sink.write(f);
            }
        }
        sink.close();
        assertTrue(Files.isRegularFile(file), "no " + file);
        assertFalse(Files.exists(dir.resolve("." + name + ".part")));
        try (FrameSource source = FfmpegSource.file(file)) {
            assertEquals(10, source.fps(), 0.01);
            int n = 0;
            for (VideoFrame next = source.next(); next != null; next = source.next()) {
                try (VideoFrame f = next) {
                    assertEquals(160, f.width());
                    assertEquals(120, f.height());
                    assertEquals(n / 10.0, f.seconds(), 1e-3);
                    // The white box is where it was drawn (lossy codecs blur its edges a little).
                    var px = f.bgr().ptr(50, 8 * n + 20);
                    assertTrue((px.get(0) & 0xFF) > 200, name + " frame " + n + " lost its box");
                    var bg = f.bgr().ptr(100, 150);
                    assertTrue(Math.abs((bg.get(2) & 0xFF) - 90) < 12, name + " frame " + n + " background");
                    n++;
                }
            }
            assertEquals(12, n);
        }
        assertNotNull(sink.codec());
    }

    @org.junit.jupiter.api.Test
    void framesKeepTheirTimesAcrossGapsSoADroppingRunPlaysAtTheSpeedItWasFilmed() {
        Path file = dir.resolve("gaps.mp4");
        double[] times = {0, 0.1, 0.5, 0.6, 1.3};
        VideoFileSink sink = new VideoFileSink(file, 10);
        for (int i = 0; i < times.length; i++) {
            try (VideoFrame f = new VideoFrame(frame(i), i, times[i], System.nanoTime())) {
                sink.write(f);
            }
        }
        sink.close();
        try (FrameSource source = FfmpegSource.file(file)) {
            for (double t : times) {
                try (VideoFrame f = source.next()) {
                    assertEquals(t, f.seconds(), 1e-3);
                }
            }
            assertEquals(null, source.next());
        }
    }
}
