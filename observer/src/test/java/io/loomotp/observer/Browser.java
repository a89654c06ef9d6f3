package io.loomotp.observer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through chromedriver, for the browser tests. Never skipped: without the packages
 * it fails, saying how to install them. Offline: no first-run, sync, component update or background networking, and
 * a fresh profile per browser.
 */
final class Browser {
    static final Path CHROMIUM = Path.of(System.getProperty("observer.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("observer.chromedriver", "/usr/bin/chromedriver"));

    /**
     * Selenium warns, once per browser, when it has no DevTools (CDP) binding for the browser's major version (Debian's
     * Chromium 150 is newer than every binding of the Selenium here). These tests drive the page through WebDriver
     * alone and never use DevTools, so the warning says nothing about them; kept referenced so that it stays off.
     */
    private static final java.util.logging.Logger CDP_VERSION_FINDER =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    /** The profiles this JVM made, deleted when it ends (the drivers have quit by then), not left in the temp dir. */
    private static final java.util.List<Path> PROFILES = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        CDP_VERSION_FINDER.setLevel(java.util.logging.Level.SEVERE);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PROFILES.forEach(Browser::deleteQuietly),
                "observer-chromium-profiles"));
    }

    private static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a profile a browser still writes to: the temp dir keeps it, as before
        }
    }

    private Browser() {}

    static ChromeDriver start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("the observer's browser tests need Debian's Chromium and its driver at "
                    + CHROMIUM + " and " + CHROMEDRIVER + ": install them with "
                    + "'apt-get update && apt-get install -y chromium chromium-driver' (bin/test does it)");
        }
        Path profile = Files.createTempDirectory("observer-chromium-");
        PROFILES.add(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(30))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    /**
     * Clicks what {@code by} finds, within {@code wait}'s bound. The page re-renders its tables and trees as data
     * comes, so an element found may be replaced before the click reaches it: the click then finds it again, rather
     * than failing on the stale one. A stale element is never clicked, so nothing is clicked twice.
     */
    static void click(WebDriverWait wait, By by) {
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }
}
