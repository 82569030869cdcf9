package dev.citra.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.citra.caption.CaptionDecoder;
import dev.citra.caption.Captioner;
import dev.citra.infer.Classifier;
import dev.citra.infer.Prediction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) uses the pages:
 * it uploads a photo, reads the prediction off the page, and saves screenshots under
 * {@code target/screenshots/}. Skipped when no Chromium is installed ({@code .ci/run} installs it).
 */
class UploadPageBrowserTest {
    private static final String NOTICE = "Not a diagnosis: ask a doctor about any skin change that worries you.";

    @TempDir
    static Path dir;
    static Path bundle;
    static Path captionBundle;
    static CitraServer server;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browsers.open();
        bundle = Fixtures.bundle(dir);
        captionBundle = Fixtures.captionBundle(dir);
        Path run = Files.createDirectories(dir.resolve("runs/classify/shapes"));
        Files.writeString(run.resolve("report.json"), "{\"title\":\"shapes, test split\",\"created\":\"2026-01-02T03:04:05Z\","
                + "\"images\":240,\"metrics\":{\"accuracy\":0.9875,\"macro_avg\":{\"f1\":0.987}}}");
        Files.write(run.resolve("curves.png"), Fixtures.png(2));
        Metrics metrics = new Metrics();
        ModelRegistry models = ModelRegistry.load(List.of(ModelSource.parse("skin=" + bundle),
                ModelSource.parse("cap=" + captionBundle)), Map.of("skin", NOTICE), BatchSettings.DEFAULT, metrics);
        server = CitraServer.start(ServerConfig.builder().port(0).runsDir(dir.resolve("runs")).build(), models, metrics);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void uploadsAPhotoAndShowsTheModelsAnswerWithItsNotice() throws Exception {
        browser.get(server.uri().toString());
        waitUntilReady();
        Path photo = dir.resolve("photo.png");
        Files.write(photo, Fixtures.png(6));
        browser.findElement(By.id("file")).sendKeys(photo.toAbsolutePath().toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(b -> !b.findElement(By.id("top-label")).getText().isEmpty());

        List<Prediction> expected;
        try (Classifier classifier = Classifier.load(bundle)) {
            expected = classifier.predict(Fixtures.picture(6), Fixtures.LABELS.size());
        }
        assertEquals(expected.get(0).label(), browser.findElement(By.id("top-label")).getText());
        assertEquals(String.format(Locale.ROOT, "%.1f%%", 100 * expected.get(0).probability()),
                browser.findElement(By.id("top-probability")).getText());
        List<WebElement> bars = browser.findElements(By.cssSelector("#bars li"));
        assertEquals(Fixtures.LABELS.size(), bars.size());
        for (int i = 0; i < bars.size(); i++) {
            assertEquals(expected.get(i).label(), bars.get(i).getAttribute("data-label"));
        }
        WebElement notice = browser.findElement(By.id("notice"));
        assertTrue(notice.isDisplayed());
        assertEquals(NOTICE, notice.getText());
        assertTrue(browser.findElement(By.id("preview")).getAttribute("src").startsWith("blob:"));
        assertTrue(!browser.findElement(By.id("error")).isDisplayed());
        assertTrue(!browser.findElement(By.id("key-field")).isDisplayed(), "no key asked for when the server has none");
        screenshot("upload-page.png");
    }

    @Test
    void aCaptionModelShowsItsCaptionInsteadOfBars() throws Exception {
        browser.get(server.uri().toString());
        waitUntilReady();
        Select picker = new Select(browser.findElement(By.id("model")));
        assertEquals(List.of("skin (classify)", "cap (caption)"), picker.getOptions().stream().map(WebElement::getText)
                .toList(), "the picker says each model's task");
        picker.selectByValue("cap");
        assertTrue(browser.findElement(By.id("beam-field")).isDisplayed(), "a caption model offers greedy or beam");
        assertTrue(browser.findElement(By.id("model-info")).getText().startsWith("Captions, input 32"));
        new Select(browser.findElement(By.id("beam"))).selectByValue("1");
        Path photo = dir.resolve("caption-photo.png");
        Files.write(photo, Fixtures.png(3));
        browser.findElement(By.id("file")).sendKeys(photo.toAbsolutePath().toString());
        WebElement caption = browser.findElement(By.id("caption"));
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(b -> caption.isDisplayed());

        CaptionDecoder.Caption expected;
        try (Captioner captioner = Captioner.load(captionBundle)) {
            expected = captioner.caption(Fixtures.picture(3), 1);
        }
        assertEquals(expected.text(), caption.getAttribute("data-caption"));
        assertEquals("1", caption.getAttribute("data-beam"));
        assertTrue(caption.getText().contains("greedy, log-probability"), caption.getText());
        if (!expected.text().isEmpty()) {
            assertTrue(caption.getText().startsWith(expected.text()), caption.getText());
        }
        assertTrue(!browser.findElement(By.id("bars")).isDisplayed(), "no class bars for a caption");
        screenshot("upload-page-caption.png");
        new Select(browser.findElement(By.id("model"))).selectByValue("skin");
        assertTrue(!browser.findElement(By.id("beam-field")).isDisplayed());
    }

    @Test
    void theLivePageSaysWhenThereIsNoCamera() throws Exception {
        browser.get(server.uri().resolve("/live.html").toString());
        waitUntilReady();
        assertEquals("skin", new Select(browser.findElement(By.id("model"))).getFirstSelectedOption().getAttribute("value"),
                "only classifiers are offered");
        browser.findElement(By.id("start")).click();
        WebElement error = browser.findElement(By.id("error"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> error.isDisplayed());
        assertTrue(error.getText().matches("(The camera permission was refused|No camera was found|The camera cannot be"
                + " opened).*"), error.getText());
    }

    @Test
    void theLivePageSaysACaptionModelIsNotForTheCamera() throws Exception {
        browser.get(server.uri().resolve("/live.html?model=cap&mode=expression").toString());
        waitUntilReady();
        WebElement error = browser.findElement(By.id("error"));
        assertTrue(error.isDisplayed());
        assertEquals("Model cap does task caption; the live camera needs a classifier: pick one of the list.",
                error.getText());
        assertEquals("expression", new Select(browser.findElement(By.id("mode"))).getFirstSelectedOption()
                .getAttribute("value"));
    }

    @Test
    void showsTheServersSentenceForAFileThatIsNotAnImage() throws Exception {
        browser.get(server.uri().toString());
        waitUntilReady();
        Path text = dir.resolve("notes.jpg");
        Files.writeString(text, "these are notes, not a photo");
        browser.findElement(By.id("file")).sendKeys(text.toAbsolutePath().toString());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> b.findElement(By.id("error")).isDisplayed());
        assertTrue(browser.findElement(By.id("error")).getText().contains("not a JPEG, PNG, BMP or GIF image"));
    }

    @Test
    void theRunsPageShowsEachRunWithItsFigures() throws Exception {
        browser.get(server.uri().resolve("/runs.html").toString());
        waitUntilReady();
        List<WebElement> runs = browser.findElements(By.cssSelector("article.run"));
        assertEquals(1, runs.size());
        assertTrue(runs.get(0).getText().contains("accuracy 98.8%"), runs.get(0).getText());
        WebElement curves = runs.get(0).findElement(By.tagName("img"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> Boolean.TRUE.equals(
                browser.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", curves)));
        screenshot("runs-page.png");
    }

    private static void waitUntilReady() {
        Browsers.waitUntilReady(browser);
    }

    private static void screenshot(String name) throws Exception {
        Browsers.screenshot(browser, name);
    }
}
