package io.xshathra.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through its chromedriver, with a fresh profile, for the
 * console's browser test. The binaries default to {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver} ({@code -Dxshathra.chromium=...}, {@code -Dxshathra.chromedriver=...}).
 * Missing binaries fail the test when {@code xshathra.browser.required} is true (the
 * {@code browser} Maven profile) and skip it otherwise.
 */
final class Browser implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(10);

    private final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;
    private final WebDriverWait wait;

    private Browser(ChromeDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    static Browser start() throws IOException {
        Path chromium = Path.of(System.getProperty("xshathra.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("xshathra.chromedriver", "/usr/bin/chromedriver"));
        boolean present = Files.isExecutable(chromium) && Files.isExecutable(chromedriver);
        if (!present && Boolean.getBoolean("xshathra.browser.required")) {
            fail("the browser profile needs " + chromium + " and " + chromedriver
                    + " (apt-get install -y chromium chromium-driver)");
        }
        assumeTrue(present, "Chromium and chromedriver are not installed; run with -Pbrowser after installing them");
        Path profile = Files.createTempDirectory("xshathra-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(WAIT);
        Path shots = Path.of(System.getProperty("xshathra.screenshots", "target/screenshots"));
        Files.createDirectories(shots);
        return new Browser(driver, profile, shots);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Lets the page read what it wrote to the clipboard (headless Chromium asks for permission). */
    void grantClipboard(String origin) {
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin,
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    /** The clipboard's text as the page reads it, or "ERR: ..." when it cannot. */
    String clipboard() {
        Object text = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                navigator.clipboard.readText().then(done, e => done('ERR: ' + e));""");
        return String.valueOf(text);
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    void click(String css) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    /** Clicks and waits for the next page to replace this one. */
    void submit(String css) {
        WebElement old = driver.findElement(By.tagName("html"));
        click(css);
        wait.until(d -> replaced(old));
    }

    /**
     * Whether the page that held {@code element} is gone. While the next page loads, Chromium may
     * answer a question about the old page's element with "node does not belong to the document"
     * rather than a stale-element error: both mean it was replaced.
     */
    private static boolean replaced(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    void waitForText(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    /** Waits until the element shows some text, and returns it. */
    String waitForAnyText(String css) {
        return wait.until(d -> {
            String text = d.findElement(By.cssSelector(css)).getText();
            return text.isBlank() ? null : text;
        });
    }

    void waitForPath(String path) {
        wait.until(d -> java.net.URI.create(d.getCurrentUrl()).getPath().equals(path));
    }

    String text(String css) {
        return find(css).getText();
    }

    String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    /**
     * Emulates a phone's viewport ({@code width} CSS pixels wide, touch, no desktop window limits),
     * or, with {@code width} 0, goes back to the desktop window.
     */
    void viewport(int width) {
        if (width == 0) {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            return;
        }
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", 812,
                "deviceScaleFactor", 1, "mobile", true));
    }

    /** The page's layout width and the viewport's: equal or less means nothing overflows sideways. */
    long[] widths() {
        @SuppressWarnings("unchecked")
        List<Number> w = (List<Number>) ((JavascriptExecutor) driver).executeScript(
                "return [document.documentElement.scrollWidth, window.innerWidth];");
        return new long[] {w.get(0).longValue(), w.get(1).longValue()};
    }

    /** Saves a PNG of the whole page (not only the viewport) as {@code <name>.png}. */
    Path screenshot(String name) {
        @SuppressWarnings("unchecked")
        List<Number> size = (List<Number>) ((JavascriptExecutor) driver).executeScript(
                "const d = document.documentElement; return [d.scrollWidth, d.scrollHeight];");
        double width = size.get(0).doubleValue();
        double height = Math.min(size.get(1).doubleValue(), 6000);
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Path file = screenshots.resolve(name + ".png");
        try {
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Console messages of the page that are errors (CSP violations, script errors). */
    List<String> errors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
