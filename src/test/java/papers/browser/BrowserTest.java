package papers.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import papers.support.TestServer;

/**
 * Clicks through the site in headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs) and
 * saves screenshots at phone and desktop width to target/screenshots. Skipped with the reason when Chromium is not
 * installed, except under CI=true, where that is a failure.
 */
class BrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path home;

    private static TestServer server;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String reason = "Chromium or ChromeDriver is not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "); install the Debian packages chromium and chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(reason + " (CI=true: browser tests are mandatory)");
            }
            Assumptions.abort(reason + " (skipped; set CI=true to make this a failure)");
        }
        server = TestServer.sqlite(home, Clock.systemUTC())
                .importing("hf-daily", "hf-daily-papers-2026-08-21.json", "hf-daily-papers-2024-05-27.json");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--user-data-dir=" + Files.createTempDirectory(home, "chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SHOTS);
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

    private static void shot(String name) throws Exception {
        File png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), SHOTS.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aReaderFollowsPapersAuthorsOrganizationsAndPeriods() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(server.url("/"));
        assertThat(browser.getTitle()).contains("2026");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Daily Papers");
        List<WebElement> titles = browser.findElements(By.cssSelector(".card h3 a"));
        assertThat(titles).hasSize(17);
        assertThat(titles.getFirst().getText()).isEqualTo("EnvHarness: Awakening Static Worlds for Agent Learning");
        shot("desktop-front");

        titles.getFirst().click();
        assertThat(browser.getCurrentUrl()).endsWith("/papers/2608.19880");
        assertThat(browser.findElement(By.id("paper-title")).getText())
                .isEqualTo("EnvHarness: Awakening Static Worlds for Agent Learning");
        shot("desktop-paper");

        browser.findElement(By.linkText("Chengsong Huang")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Chengsong Huang");
        assertThat(browser.findElements(By.cssSelector(".card h3 a"))).extracting(WebElement::getText)
                .contains("EnvHarness: Awakening Static Worlds for Agent Learning");

        browser.navigate().back();
        browser.findElement(By.cssSelector(".crumbs a.org")).click();
        assertThat(browser.getCurrentUrl()).endsWith("/orgs/google");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Google");

        browser.get(server.url("/"));
        browser.findElement(By.cssSelector(".steps a[rel=prev]")).click();
        assertThat(browser.getCurrentUrl()).endsWith("/papers/date/2024-05-27");
        assertThat(browser.findElement(By.cssSelector(".sub")).getText()).startsWith("Monday, May 27, 2024");
        assertThat(browser.findElements(By.cssSelector(".card"))).hasSize(13);

        browser.findElement(By.linkText("Week")).click();
        assertThat(browser.getCurrentUrl()).endsWith("/papers/week/2024-W22");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Papers of the week");
        shot("desktop-week");
    }

    @Test
    void aReaderSearchesFromTheHeaderAndFiltersTheResults() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(server.url("/papers/trending"));
        WebElement box = browser.findElement(By.id("header-q"));
        box.sendKeys("environments that reshape themselves for agent learning");
        box.submit();
        assertThat(browser.getCurrentUrl()).contains("/search?q=environments");
        List<WebElement> titles = browser.findElements(By.cssSelector(".card h3 a"));
        assertThat(titles).isNotEmpty();
        assertThat(titles.subList(0, Math.min(3, titles.size()))).extracting(WebElement::getText)
                .contains("EnvHarness: Awakening Static Worlds for Agent Learning");
        assertThat(browser.findElements(By.cssSelector(".card mark"))).isNotEmpty();
        shot("desktop-search");

        WebElement minUpvotes = browser.findElement(By.name("min_upvotes"));
        minUpvotes.sendKeys("1000000");
        minUpvotes.submit();
        assertThat(browser.findElements(By.cssSelector(".card"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector(".empty")).getText()).contains("Nothing matches");
        browser.findElement(By.linkText("the same search without filters")).click();
        assertThat(browser.findElements(By.cssSelector(".card"))).isNotEmpty();

        browser.findElement(By.id("header-q")).clear();
        browser.findElement(By.id("header-q")).sendKeys("2405.15738v1");
        browser.findElement(By.id("header-q")).submit();
        assertThat(browser.getCurrentUrl()).endsWith("/papers/2405.15738");
    }

    @Test
    void phoneWidthKeepsEverythingReadable() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(server.url("/"));
        Object overflow = ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth > window.innerWidth;");
        assertThat(overflow).as("no sideways scrolling on a phone").isEqualTo(false);
        assertThat(browser.findElements(By.cssSelector(".card"))).hasSize(17);
        shot("phone-front");
        browser.get(server.url("/papers/2608.19880"));
        Object paperOverflow = ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth > window.innerWidth;");
        assertThat(paperOverflow).isEqualTo(false);
        shot("phone-paper");
        assertThat(Files.size(SHOTS.resolve("phone-paper.png"))).isGreaterThan(10_000);
    }

    @Test
    void aReaderSignsUpUpvotesWithoutAReloadAndLogsOut() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(server.url("/signup"));
        browser.findElement(By.id("username")).sendKeys("reader");
        browser.findElement(By.id("email")).sendKeys("reader@example.org");
        browser.findElement(By.id("password")).sendKeys("correct horse battery");
        browser.findElement(By.cssSelector(".account-form button[type=submit]")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.cssSelector(".account a.user")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".account a.user")).getText()).isEqualTo("reader");

        String id = "2608.19880";
        browser.get(server.url("/papers/" + id));
        int before = server.store.find(id).orElseThrow().upvotes();
        WebElement count = browser.findElement(By.cssSelector(".votes.big .count"));
        assertThat(count.getText()).isEqualTo(Integer.toString(before));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.notReloaded = true");
        browser.findElement(By.cssSelector(".votes.big form.upvote button")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> count.getText().equals(Integer.toString(before + 1)));
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.notReloaded"))
                .isEqualTo(true);
        assertThat(browser.findElement(By.cssSelector(".votes.big form.upvote button")).getAttribute("aria-pressed"))
                .isEqualTo("true");
        assertThat(server.store.find(id).orElseThrow().upvotes()).isEqualTo(before + 1);
        shot("desktop-upvoted");

        browser.findElement(By.cssSelector(".account form button")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.linkText("Log in")).isEmpty());
        assertThat(browser.findElements(By.cssSelector(".account a.user"))).isEmpty();
    }

    @Test
    void aReaderFollowsAnAuthorReadsMyFeedAndClaimsAnAuthorEntry() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(server.url("/signup"));
        browser.findElement(By.id("username")).sendKeys("follower");
        browser.findElement(By.id("email")).sendKeys("follower@example.org");
        browser.findElement(By.id("password")).sendKeys("correct horse battery");
        browser.findElement(By.cssSelector(".account-form button[type=submit]")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.cssSelector(".account a.user")).isEmpty());

        browser.get(server.url("/my"));
        assertThat(browser.findElement(By.cssSelector(".empty")).getText()).contains("You follow no one yet");
        browser.get(server.url("/authors/Chengsong%20Huang"));
        browser.findElement(By.cssSelector("form.follow button")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.cssSelector("form.follow button")).getText().equals("Unfollow"));
        assertThat(browser.getCurrentUrl()).endsWith("/authors/Chengsong%20Huang");
        shot("desktop-author-followed");
        browser.findElement(By.linkText("My feed")).click();
        assertThat(browser.findElements(By.cssSelector(".card h3 a"))).extracting(WebElement::getText)
                .contains("EnvHarness: Awakening Static Worlds for Agent Learning");
        assertThat(browser.findElement(By.cssSelector(".following")).getText()).contains("Chengsong Huang");
        shot("desktop-my");

        browser.get(server.url("/papers/2608.19880"));
        browser.findElement(By.cssSelector("details.claim summary")).click();
        browser.findElement(By.cssSelector("details.claim button[name=position]")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Claim sent");
        assertThat(server.app.claims().withStatus(papers.community.Claim.Status.PENDING, 10))
                .extracting(papers.community.Claim::username).contains("follower");

        browser.findElement(By.cssSelector(".account form button")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> !d.findElements(By.linkText("Log in")).isEmpty());
    }
}
