package dev.citra.vision.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.CitraException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {
    @TempDir
    Path dir;

    private static String message(Runnable r) {
        long t0 = System.nanoTime();
        CitraException e = assertThrows(CitraException.class, r::run);
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "took too long to fail: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void badSourcesFailAtOnceWithOneSentenceNamingTheFix() throws Exception {
        Sources.Options quick = new Sources.Options(640, 480, 30, 1, 10);
        String camera = message(() -> Sources.open("97", quick).close());
        assertTrue(camera.startsWith("Camera 97 cannot be opened") && camera.contains("--source"), camera);
        String missing = message(() -> Sources.open(dir.resolve("none.mp4").toString(), quick).close());
        assertTrue(missing.contains("does not exist") && missing.contains("camera index"), missing);
        Path text = dir.resolve("notes.mp4");
        Files.writeString(text, "not a video at all\n".repeat(50));
        String notVideo = message(() -> Sources.open(text.toString(), quick).close());
        assertTrue(notVideo.startsWith("Video file " + text + " cannot be read"), notVideo);
        String stream = message(() -> Sources.open("http://127.0.0.1:9/live.mjpg", quick).close());
        assertTrue(stream.startsWith("Stream http://127.0.0.1:9/live.mjpg cannot be opened"), stream);
        Files.createDirectories(dir.resolve("empty"));
        String empty = message(() -> Sources.open(dir.resolve("empty").toString(), quick).close());
        assertTrue(empty.contains("has no images"), empty);
    }

    @Test
    void aFolderOfImagesIsAFrameSequenceInNameOrder() {
        for (int i = 2; i >= 0; i--) {
            try (var m = VideoIoTest.frame(i)) {
                opencv_imgcodecs.imwrite(dir.resolve("f" + i + ".png").toString(), m);
            }
        }
        try (FrameSource s = Sources.open(dir.toString(), new Sources.Options(0, 0, 5, 0, 0))) {
            assertTrue(s.describe().contains("3 images"));
            for (int i = 0; i < 3; i++) {
                try (VideoFrame f = s.next()) {
                    assertEquals(i, f.index());
                    assertEquals(i / 5.0, f.seconds(), 1e-9);
                    assertEquals(250, f.bgr().ptr(50, 8 * i + 20).get(0) & 0xFF);
                }
            }
            assertNull(s.next());
        }
    }

    /** A stream stand-in that delivers {@code frames} frames, then drops. */
    private static FrameSource dropping(int frames) {
        return new FrameSource() {
            int n;

            @Override
            public VideoFrame next() {
                if (n == frames) {
                    throw new StreamDroppedException("connection reset");
                }
                return new VideoFrame(VideoIoTest.frame(0), n, n++ / 10.0, System.nanoTime());
            }

            @Override
            public double fps() {
                return 10;
            }

            @Override
            public boolean live() {
                return true;
            }

            @Override
            public String describe() {
                return "fake stream";
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void aDroppedStreamIsReopenedWithTimesGoingOnThenStopsClearlyWhenItStaysDown() {
        List<Integer> opens = new ArrayList<>();
        ReconnectingSource s = new ReconnectingSource(() -> {
            opens.add(1);
            if (opens.size() > 2) {
                throw new CitraException("Stream fake cannot be opened (refused).");
            }
            return dropping(3);
        }, "rtsp://cam/1", 2, 1);
        List<Double> times = new ArrayList<>();
        CitraException e = assertThrows(CitraException.class, () -> {
            while (true) {
                try (VideoFrame f = s.next()) {
                    times.add(f.seconds());
                    assertEquals(times.size() - 1, f.index());
                }
            }
        });
        assertEquals(6, times.size(), "3 frames before the drop, 3 after the reconnect");
        assertTrue(times.get(3) > times.get(2), "times go on after a reconnect: " + times);
        assertEquals(1, s.reconnects());
        assertTrue(e.getMessage().startsWith("Stream rtsp://cam/1 dropped (connection reset) and 2 reconnect attempts failed"),
                e.getMessage());
        assertEquals(4, opens.size());
        assertNull(s.next(), "after giving up the source is empty, not hanging");
        s.close();
    }

    @Test
    void anHttpStreamThatEndsIsRetriedThenStopsWithAMessageInsteadOfHanging() throws Exception {
        Path clip = dir.resolve("clip.mp4");
        VideoFileSink sink = new VideoFileSink(clip, 10);
        for (int i = 0; i < 8; i++) {
            try (VideoFrame f = new VideoFrame(VideoIoTest.frame(i), i, i / 10.0, System.nanoTime())) {
                sink.write(f);
            }
        }
        sink.close();
        byte[] bytes = Files.readAllBytes(clip);
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/live.mp4", exchange -> {
            exchange.sendResponseHeaders(200, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/live.mp4";
        int frames = 0;
        long t0 = System.nanoTime();
        try (FrameSource s = Sources.open(url, new Sources.Options(0, 0, 30, 2, 20))) {
            assertTrue(s.live());
            for (int i = 0; i < 8; i++) {
                try (VideoFrame f = s.next()) {
                    frames++;
                }
            }
            server.stop(0); // the camera goes away
            CitraException e = assertThrows(CitraException.class, s::next);
            assertTrue(e.getMessage().startsWith("Stream " + url + " dropped") && e.getMessage().contains("2 reconnect attempts"),
                    e.getMessage());
        } finally {
            server.stop(0);
        }
        assertEquals(8, frames);
        assertTrue((System.nanoTime() - t0) / 1e9 < 30, "gave up too slowly");
    }
}
