package papers.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import papers.Config;
import papers.support.Browser;
import papers.support.TestServer;

/**
 * The subscribe box and the comment preview in headless Chromium, at desktop and phone width, against a server that
 * sends mail (a local GreenMail): both answer in place, the page is not reloaded, and a signed-in reader finds their
 * address in the box. Skipped with the reason when Chromium is not installed, except under CI=true.
 */
class ReaderFormsBrowserTest {

    private static final Dimension[] WIDTHS = {new Dimension(1280, 1000), new Dimension(390, 844)};
    private static final String[] NAMES = {"wide", "narrow"};

    @TempDir
    static Path home;

    private static GreenMail smtp;
    private static TestServer server;
    private static Browser chromium;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        chromium = Browser.start(home); // first: without Chromium the class is skipped before any set-up
        browser = chromium.driver;
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Map<String, String> env = new HashMap<>();
        env.put("PAPERS_HOME", home.toString());
        env.put("PAPERS_BASE_URL", "https://papers.example.org");
        env.put("PAPERS_SMTP_HOST", "127.0.0.1");
        env.put("PAPERS_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
        env.put("PAPERS_SMTP_SECURITY", "none");
        env.put("PAPERS_MAIL_FROM", "Daily Papers <digest@papers.example.org>");
        server = new TestServer(Config.from(env), Clock.systemUTC()).importing("hf-daily",
                "hf-daily-papers-2026-08-21.json");
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static void waitFor(Function<WebDriver, Boolean> condition) {
        chromium.waitFor(condition);
    }

    private static void shot(String name) throws Exception {
        chromium.shot(name);
    }

    @Test
    void aVisitorSubscribesAndTheBoxSaysCheckYourInboxInPlace() throws Exception {
        for (int i = 0; i < WIDTHS.length; i++) {
            browser.manage().deleteAllCookies();
            browser.manage().window().setSize(WIDTHS[i]);
            String path = "/papers/2608.19880";
            browser.get(server.url(path));
            js("window.notReloaded = true");
            int mails = smtp.getReceivedMessages().length;
            WebElement email = browser.findElement(By.id("subscribe-email"));
            js("arguments[0].scrollIntoView()".replace("arguments[0]", "document.getElementById('subscribe-email')"));
            email.sendKeys(NAMES[i] + "@example.org");
            browser.findElement(By.cssSelector(".subscribe button[type=submit]")).click();
            waitFor(d -> !d.findElements(By.cssSelector(".subscribe .subscribe-result")).isEmpty());
            WebElement result = browser.findElement(By.cssSelector(".subscribe .subscribe-result"));
            assertThat(result.findElement(By.tagName("h2")).getText()).isEqualTo("Check your inbox");
            assertThat(result.getText()).contains("We sent a message to " + NAMES[i] + "@example.org");
            assertThat(result.getAttribute("role")).isEqualTo("status");
            assertThat(browser.findElements(By.cssSelector(".subscribe form"))).isEmpty();
            assertThat(js("return window.notReloaded")).as("answered in place").isEqualTo(true);
            assertThat(browser.getCurrentUrl()).endsWith(path);
            assertThat(smtp.getReceivedMessages()).hasSize(mails + 1);
            shot(NAMES[i] + "-subscribed-inline");
        }
    }

    /** The digest preview of a reader without a subscription: a sample whose links open this site's pages. */
    @Test
    void aVisitorsDigestPreviewLinksOpenTheSiteNotTheFrame() throws Exception {
        for (int i = 0; i < WIDTHS.length; i++) {
            browser.manage().deleteAllCookies();
            browser.manage().window().setSize(WIDTHS[i]);
            browser.get(server.url("/digest/preview"));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Your digest, as it would be sent");
            assertThat(js("return document.documentElement.scrollWidth > window.innerWidth;")).isEqualTo(false);
            shot(NAMES[i] + "-digest-preview");
            browser.switchTo().frame(browser.findElement(By.cssSelector("iframe.digest-frame")));
            assertThat(browser.findElement(By.tagName("body")).getText()).contains("A sample digest");
            WebElement first = browser.findElement(By.cssSelector("a[href^='/papers/']"));
            String href = first.getAttribute("href");
            String title = first.getText();
            first.click();
            browser.switchTo().defaultContent();
            waitFor(d -> d.getCurrentUrl().equals(href));
            assertThat(browser.findElement(By.id("paper-title")).getText()).isEqualTo(title);
            assertThat(browser.findElements(By.cssSelector("iframe.digest-frame"))).as("the whole window moved").isEmpty();
        }
    }

    @Test
    void aSignedInReaderFindsTheirAddressAndPreviewsACommentBeforePostingIt() throws Exception {
        for (int i = 0; i < WIDTHS.length; i++) {
            browser.manage().deleteAllCookies();
            browser.manage().window().setSize(WIDTHS[i]);
            String id = "2608.19880";
            // A visitor previews: nothing is posted, nobody is asked to log in.
            browser.get(server.url("/papers/" + id));
            int comments = server.app.comments().forPaper(id).size();
            js("window.notReloaded = true");
            browser.findElement(By.id("comment-text")).sendKeys("Is it **really** $\\mathcal{O}(n^2)$? <b>no tags</b>");
            browser.findElement(By.cssSelector(".comment-form button[formaction='/comments/preview']")).click();
            waitFor(d -> !d.findElements(By.cssSelector(".comment-preview .comment-preview-result")).isEmpty());
            WebElement preview = browser.findElement(By.cssSelector(".comment-preview .comment-preview-result"));
            assertThat(preview.findElement(By.cssSelector(".body strong")).getText()).isEqualTo("really");
            assertThat(preview.getText()).contains("<b>no tags</b>");
            assertThat(browser.findElement(By.id("comment-text")).getAttribute("value")).startsWith("Is it **really**");
            assertThat(js("return window.notReloaded")).as("previewed in place").isEqualTo(true);
            assertThat(server.app.comments().forPaper(id)).hasSize(comments);
            waitFor(d -> !preview.findElements(By.cssSelector(".katex")).isEmpty()); // TeX as on posted comments
            shot(NAMES[i] + "-comment-preview");

            // Signed in: the subscribe box holds the account's address.
            browser.get(server.url("/signup"));
            browser.findElement(By.id("username")).sendKeys("previewer" + NAMES[i]);
            browser.findElement(By.id("email")).sendKeys("previewer" + NAMES[i] + "@example.org");
            browser.findElement(By.id("password")).sendKeys("correct horse battery");
            browser.findElement(By.cssSelector(".account-form button[type=submit]")).click();
            waitFor(d -> !d.findElements(By.cssSelector(".account .user-name")).isEmpty());
            browser.get(server.url("/papers/" + id));
            assertThat(browser.findElement(By.id("subscribe-email")).getAttribute("value"))
                    .isEqualTo("previewer" + NAMES[i] + "@example.org");
            browser.findElement(By.id("comment-text")).sendKeys("Posted after a preview");
            browser.findElement(By.cssSelector(".comment-form button[formaction='/comments/preview']")).click();
            waitFor(d -> !d.findElements(By.cssSelector(".comment-preview .comment-preview-result")).isEmpty());
            browser.findElement(By.cssSelector(".comment-form button.primary")).click();
            waitFor(d -> d.getCurrentUrl().contains("/papers/" + id + "#c"));
            assertThat(server.app.comments().forPaper(id)).hasSize(comments + 1);
        }
    }
}
