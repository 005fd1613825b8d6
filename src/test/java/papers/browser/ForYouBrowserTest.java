package papers.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import papers.support.Browser;
import papers.support.TestServer;

/**
 * "For you" in headless Chromium: a new reader's first visit asks for picks, the picks make the page personal with a
 * reason on every card, "Not interested" removes a paper for good and "Save" fills the reading list; at phone width
 * too. Real embeddings (the model runs once over the fixture day). Skipped like {@link BrowserTest} without Chromium.
 */
class ForYouBrowserTest {

    @TempDir
    static Path home;

    private static Browser chromium;
    private static WebDriver browser;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        chromium = Browser.start(home); // first: without Chromium the class is skipped before any set-up
        browser = chromium.driver;
        server = TestServer.sqlite(home, Clock.systemUTC())
                .importing("hf-daily", "hf-daily-papers-2026-08-21.json").embedAll();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void shot(String name) throws Exception {
        chromium.shot(name);
    }

    private static void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        chromium.waitFor(condition);
    }

    private static List<String> titles() {
        return browser.findElements(By.cssSelector(".card h2 a")).stream().map(WebElement::getText).toList();
    }

    @Test
    void firstVisitPicksThenForYouWithReasonsDismissAndSave() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(server.url("/signup"));
        browser.findElement(By.id("username")).sendKeys("picker");
        browser.findElement(By.id("email")).sendKeys("picker@example.org");
        browser.findElement(By.id("password")).sendKeys("correct horse battery");
        browser.findElement(By.cssSelector(".account-form button[type=submit]")).click();
        waitFor(d -> !d.findElements(By.cssSelector(".account a.user")).isEmpty());

        browser.findElement(By.cssSelector(".account summary")).click(); // the account menu
        browser.findElement(By.linkText("For you")).click(); // first visit: asked what the reader likes
        waitFor(d -> d.getCurrentUrl().endsWith("/for-you/start"));
        shot("desktop-for-you-start");
        browser.findElement(By.cssSelector("input[name=paper][value='2608.20335']")).click(); // 4DAnyone
        browser.findElement(By.cssSelector("input[name=paper][value='2608.20336']")).click(); // WithEveryone
        browser.findElement(By.id("topics")).sendKeys("video generation");
        browser.findElement(By.cssSelector("form.picks button[type=submit]")).click();
        waitFor(d -> d.getCurrentUrl().endsWith("/for-you"));

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("For you");
        assertThat(browser.findElements(By.cssSelector(".notice"))).isEmpty(); // personal: no fallback notice
        List<WebElement> cards = browser.findElements(By.cssSelector(".card"));
        assertThat(cards).hasSizeGreaterThan(5);
        for (WebElement card : cards) {
            assertThat(card.findElements(By.cssSelector(".reasons li"))).isNotEmpty();
        }
        assertThat(titles()).doesNotContain("4DAnyone: Create Anyone in 4D from a Casual Monocular Video");
        assertThat(browser.findElement(By.cssSelector(".card .reasons")).getText()).containsAnyOf("which you picked",
                "Matches your topic");
        shot("desktop-for-you");

        String first = titles().get(0);
        browser.findElement(By.cssSelector(".card form.dismiss button")).click();
        waitFor(d -> d.getCurrentUrl().endsWith("/for-you") && !titles().isEmpty() && !titles().get(0).equals(first));
        assertThat(titles()).doesNotContain(first);

        String saved = titles().get(0);
        WebElement save = browser.findElement(By.cssSelector(".card form.save button"));
        save.click();
        // The form posts and comes back to /for-you: the URL alone cannot tell the new page from the old one.
        waitFor(d -> org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(save).apply(d)
                && d.getCurrentUrl().endsWith("/for-you"));
        browser.findElement(By.cssSelector(".account summary")).click();
        browser.findElement(By.linkText("Saved")).click();
        waitFor(d -> d.getCurrentUrl().endsWith("/saved"));
        assertThat(titles()).containsExactly(saved);
        assertThat(browser.findElement(By.linkText("Export BibTeX")).getAttribute("href")).endsWith("/saved.bib");
        // the cached paper page shows this reader that the paper is saved, and unsaves it
        assertThat(browser.findElement(By.cssSelector(".card form.save button")).getText()).isEqualTo("Saved · Unsave");
        browser.findElement(By.cssSelector(".card h2 a")).click();
        waitFor(d -> d.getCurrentUrl().contains("/papers/"));
        WebElement state = browser.findElement(By.cssSelector(".paper-facts form.save button"));
        assertThat(state.getText()).isEqualTo("Saved · Unsave");
        state.click();
        waitFor(d -> d.findElement(By.cssSelector(".paper-facts form.save button")).getText().equals("Save"));

        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(server.url("/for-you"));
        Object overflow = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth > window.innerWidth");
        assertThat(overflow).isEqualTo(false);
        shot("phone-for-you");
    }
}
