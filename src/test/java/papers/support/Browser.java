package papers.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for the browser tests: Debian's chromium and chromium-driver (which .ci/run installs), a profile
 * of its own, screenshots saved to target/screenshots. Without Chromium a test class is skipped with the reason,
 * except under CI=true, where that is a failure.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Where {@link #shot} saves, for the README's pictures. */
    public static final Path SHOTS = Path.of("target", "screenshots");

    public final WebDriver driver;

    private Browser(WebDriver driver) {
        this.driver = driver;
    }

    /** Starts Chromium with its profile in a new folder under {@code scratch}, or skips (fails under CI=true). */
    public static Browser start(Path scratch) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String reason = "Chromium or ChromeDriver is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "); install the Debian packages chromium and chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(reason + " (CI=true: browser tests are mandatory)");
            }
            Assumptions.abort(reason + " (skipped; set CI=true to make this a failure)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic",
                "--user-data-dir=" + Files.createTempDirectory(scratch, "chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
        return new Browser(driver);
    }

    /**
     * Waits up to 15 s for {@code condition}. While a click or a form's post replaces the page, reading an element
     * of the page being left fails in more than one way: a stale reference, or Chromium's "Node with given id does
     * not belong to the document" (a plain {@link WebDriverException}). Each means "not yet", so every
     * {@link WebDriverException} is retried; a real fault still fails at the deadline, with it as the cause.
     */
    public void waitFor(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).ignoring(WebDriverException.class).until(condition::apply);
    }

    /** Saves what the window shows as target/screenshots/NAME.png. */
    public void shot(String name) throws IOException {
        File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
