package dev.citra.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium and chromedriver for the page tests; a test is skipped when they are
 * not installed ({@code .ci/run} installs them).
 */
final class Browsers {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browsers() {}

    /** A headless Chromium with {@code extra} command-line switches. */
    static ChromeDriver open(String... extra) {
        Path chromium = firstExisting("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        Path driver = firstExisting("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        assumeTrue(chromium != null && driver != null,
                "No Chromium and chromedriver installed: apt-get install chromium chromium-driver (.ci/run does)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // Root in a container has no user namespace for Chromium's sandbox; /dev/shm may be tiny.
        List<String> args = new ArrayList<>(List.of("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--disable-gpu", "--window-size=900,1000", "--lang=en-US"));
        args.addAll(List.of(extra));
        options.addArguments(args);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Waits until the page's script has loaded what it needs ({@code body[data-ready]}). */
    static void waitUntilReady(ChromeDriver browser) {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(b -> "true".equals(b.findElement(By.tagName("body")).getAttribute("data-ready")));
    }

    static void screenshot(ChromeDriver browser, String name) throws java.io.IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOTS);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path firstExisting(String... candidates) {
        return Stream.of(candidates).map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }
}
