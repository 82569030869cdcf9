package dev.citra.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.infer.Classifier;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live page in a real headless Chromium whose camera is a fake one, fed from a Y4M video of
 * Grace Hopper's portrait written here: the page sends the camera's frames over the WebSocket,
 * and the boxes, labels and alarm it draws are read off the DOM. Screenshots go to
 * {@code target/screenshots/}.
 */
class LivePageBrowserTest {
    @TempDir
    static Path dir;
    static CitraServer server;

    @BeforeAll
    static void start() throws Exception {
        Metrics metrics = new Metrics();
        BatchSettings settings = Fixtures.settings(8, 1, 64);
        ModelRegistry models = new ModelRegistry(List.of(
                ServedClassifier.of("faces", Classifier.load(Fixtures.bundle(dir)), null, settings, metrics),
                LiveScenes.eyeModel("eyes", metrics)));
        server = CitraServer.start(ServerConfig.builder().port(0).cascades(LiveScenes.cascades().dir()).build(), models,
                metrics);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theFakeCamerasFaceIsBoxedAndLabelled() throws Exception {
        watch(LiveScenes.portrait(), "faces", "expression", browser -> {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            List<List<Object>> faces = wait.until(b -> {
                List<List<Object>> found = boxes(browser, "face");
                return found.isEmpty() ? null : found;
            });
            assertEquals(1, faces.size(), faces.toString());
            String label = (String) faces.get(0).get(0);
            assertTrue(Fixtures.LABELS.contains(label), label);
            assertTrue(((String) faces.get(0).get(1)).startsWith(label + " "), faces.toString());
            double left = ((Number) faces.get(0).get(2)).doubleValue();
            assertTrue(left > 20 && left < 60, "the face is in the middle of the frame: " + left + "%");
            // A camera that does not say it faces away is a self-view, shown (and boxed) as a mirror.
            assertEquals(Boolean.TRUE, browser.executeScript(
                    "return document.getElementById('video').classList.contains('mirrored');"));
            wait.until(b -> Integer.parseInt(b.findElement(By.tagName("body")).getAttribute("data-frames")) >= 3);
            assertTrue(browser.findElement(By.id("figures")).getText().contains("frames/s"));
            assertTrue(!browser.findElement(By.id("error")).isDisplayed(), browser.findElement(By.id("error")).getText());
            Browsers.screenshot(browser, "live-page.png");
            browser.findElement(By.id("stop")).click();
            assertTrue(browser.findElements(By.cssSelector("#overlay .box")).isEmpty());
        });
    }

    @Test
    void eyesClosedOnCameraShowTheClosedEyesAlarm() throws Exception {
        watch(LiveScenes.eyesClosed(), "eyes", "drowsiness", browser -> {
            WebElement alarm = browser.findElement(By.id("alarm"));
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> alarm.isDisplayed());
            assertEquals("Closed Eyes", alarm.getText());
            List<List<Object>> faces = boxes(browser, "face");
            assertEquals("alarm", faces.get(0).get(0), faces.toString());
            assertTrue(browser.findElement(By.id("figures")).getText().contains("PERCLOS"));
            Browsers.screenshot(browser, "live-page-alarm.png");
        });
    }

    /** What a test checks on the page. */
    private interface PageCheck {
        void check(ChromeDriver browser) throws Exception;
    }

    /**
     * Opens the live page in a Chromium whose camera films {@code frame} (a Y4M file, played in a
     * loop, the permission granted), starts {@code mode} with {@code model}, and runs {@code check}.
     */
    private static void watch(BufferedImage frame, String model, String mode, PageCheck check) throws Exception {
        Path video = writeY4m(Files.createTempFile(dir, "camera", ".y4m"), frame, 10);
        ChromeDriver browser = Browsers.open("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-video-capture=" + video.toAbsolutePath(), "--autoplay-policy=no-user-gesture-required");
        try {
            browser.get(server.uri().resolve("/live.html").toString());
            Browsers.waitUntilReady(browser);
            new Select(browser.findElement(By.id("model"))).selectByValue(model);
            new Select(browser.findElement(By.id("mode"))).selectByValue(mode);
            browser.findElement(By.id("start")).click();
            check.check(browser);
        } finally {
            browser.quit();
        }
    }

    /**
     * The boxes of class {@code kind} drawn now, each as label, text and left edge (percent of the
     * frame), read in one script: the page redraws them with every answer.
     */
    @SuppressWarnings("unchecked")
    private static List<List<Object>> boxes(ChromeDriver browser, String kind) {
        return (List<List<Object>>) browser.executeScript("return Array.from(document.querySelectorAll('#overlay .box."
                + kind + "')).map((b) => [b.dataset.label, b.textContent, parseFloat(b.style.left)]);");
    }

    /**
     * Writes {@code frames} copies of {@code image} as a YUV4MPEG2 video (4:2:0, full-range BT.601
     * as in JPEG): a header line, then per frame a line {@code FRAME} and the Y, Cb and Cr planes.
     */
    static Path writeY4m(Path file, BufferedImage image, int frames) throws IOException {
        int w = image.getWidth() & ~1;
        int h = image.getHeight() & ~1;
        byte[] y = new byte[w * h];
        byte[] cb = new byte[w * h / 4];
        byte[] cr = new byte[w * h / 4];
        for (int j = 0; j < h; j += 2) {
            for (int i = 0; i < w; i += 2) {
                double sb = 0;
                double sr = 0;
                for (int dj = 0; dj < 2; dj++) {
                    for (int di = 0; di < 2; di++) {
                        int rgb = image.getRGB(i + di, j + dj);
                        int r = (rgb >> 16) & 0xFF;
                        int g = (rgb >> 8) & 0xFF;
                        int b = rgb & 0xFF;
                        y[(j + dj) * w + i + di] = clamp(0.299 * r + 0.587 * g + 0.114 * b);
                        sb += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
                        sr += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
                    }
                }
                cb[(j / 2) * (w / 2) + i / 2] = clamp(sb / 4);
                cr[(j / 2) * (w / 2) + i / 2] = clamp(sr / 4);
            }
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(("YUV4MPEG2 W" + w + " H" + h + " F10:1 Ip A1:1 C420jpeg\n").getBytes(StandardCharsets.US_ASCII));
            for (int f = 0; f < frames; f++) {
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(y);
                out.write(cb);
                out.write(cr);
            }
        }
        return file;
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }
}
