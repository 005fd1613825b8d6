package papers.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import papers.support.FixtureServer;
import papers.support.Fixtures;
import papers.support.Browser;
import papers.support.TestServer;
import papers.support.TestStores;

/**
 * Clicks through the site in headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs) and
 * saves screenshots at phone and desktop width to target/screenshots. Skipped with the reason when Chromium is not
 * installed, except under CI=true, where that is a failure.
 */
class BrowserTest {

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
                .importing("hf-daily", "hf-daily-papers-2026-08-21.json", "hf-daily-papers-2024-05-27.json");
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

    @Test
    void aReaderFollowsPapersAuthorsOrganizationsAndPeriods() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(server.url("/"));
        assertThat(browser.getTitle()).contains("2026");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Daily Papers");
        List<WebElement> titles = browser.findElements(By.cssSelector(".card h2 a"));
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
        assertThat(browser.findElements(By.cssSelector(".card h2 a"))).extracting(WebElement::getText)
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
        List<WebElement> titles = browser.findElements(By.cssSelector(".card h2 a"));
        assertThat(titles).isNotEmpty();
        assertThat(titles.subList(0, Math.min(3, titles.size()))).extracting(WebElement::getText)
                .contains("EnvHarness: Awakening Static Worlds for Agent Learning");
        assertThat(browser.findElements(By.cssSelector(".card mark"))).isNotEmpty();
        shot("desktop-search");

        browser.findElement(By.cssSelector(".filter-box summary")).click(); // filters fold away until asked for
        WebElement minUpvotes = browser.findElement(By.name("min_upvotes"));
        minUpvotes.sendKeys("1000000");
        minUpvotes.submit();
        assertThat(browser.findElements(By.cssSelector(".card"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector(".empty")).getText()).contains("Nothing matches");
        browser.findElement(By.linkText("the same search without filters")).click();
        assertThat(browser.findElements(By.cssSelector(".card"))).isNotEmpty();

        browser.findElement(By.id("search-q")).clear(); // the search page has its own box only
        browser.findElement(By.id("search-q")).sendKeys("2405.15738v1");
        browser.findElement(By.id("search-q")).submit();
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
        assertThat(Files.size(Browser.SHOTS.resolve("phone-paper.png"))).isGreaterThan(10_000);
    }

    @Test
    void aReaderSignsUpUpvotesWithoutAReloadAndLogsOut() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(server.url("/signup"));
        browser.findElement(By.id("username")).sendKeys("reader");
        browser.findElement(By.id("email")).sendKeys("reader@example.org");
        browser.findElement(By.id("password")).sendKeys("correct horse battery");
        browser.findElement(By.cssSelector(".account-form button[type=submit]")).click();
        waitFor(d -> !d.findElements(By.cssSelector(".account .user-name")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".account .user-name")).getText()).isEqualTo("reader");

        String id = "2608.19880";
        browser.get(server.url("/papers/" + id));
        int before = server.store.find(id).orElseThrow().upvotes();
        WebElement count = browser.findElement(By.cssSelector("form.votes.big .count"));
        assertThat(count.getText()).isEqualTo(Integer.toString(before));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.notReloaded = true");
        browser.findElement(By.cssSelector("form.votes.big button")).click();
        waitFor(d -> count.getText().equals(Integer.toString(before + 1)));
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.notReloaded"))
                .isEqualTo(true);
        assertThat(browser.findElement(By.cssSelector("form.votes.big button")).getAttribute("aria-pressed"))
                .isEqualTo("true");
        assertThat(server.store.find(id).orElseThrow().upvotes()).isEqualTo(before + 1);
        shot("desktop-upvoted");

        logOut();
        waitFor(d -> !d.findElements(By.linkText("Log in")).isEmpty());
        assertThat(browser.findElements(By.cssSelector(".account .user-name"))).isEmpty();
    }

    @Test
    void aReaderFollowsAnAuthorReadsMyFeedAndClaimsAnAuthorEntry() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(server.url("/signup"));
        browser.findElement(By.id("username")).sendKeys("follower");
        browser.findElement(By.id("email")).sendKeys("follower@example.org");
        browser.findElement(By.id("password")).sendKeys("correct horse battery");
        browser.findElement(By.cssSelector(".account-form button[type=submit]")).click();
        waitFor(d -> !d.findElements(By.cssSelector(".account .user-name")).isEmpty());

        browser.get(server.url("/my"));
        assertThat(browser.findElement(By.cssSelector(".empty")).getText()).contains("You follow no one yet");
        browser.get(server.url("/authors/Chengsong%20Huang"));
        browser.findElement(By.cssSelector("form.follow button")).click();
        waitFor(d -> d.findElement(By.cssSelector("form.follow button")).getText().equals("Unfollow"));
        assertThat(browser.getCurrentUrl()).endsWith("/authors/Chengsong%20Huang");
        shot("desktop-author-followed");
        browser.findElement(By.cssSelector(".account summary")).click();
        browser.findElement(By.linkText("My feed")).click();
        waitFor(d -> d.getCurrentUrl().endsWith("/my"));
        assertThat(browser.findElements(By.cssSelector(".card h2 a"))).extracting(WebElement::getText)
                .contains("EnvHarness: Awakening Static Worlds for Agent Learning");
        assertThat(browser.findElement(By.cssSelector(".following")).getText()).contains("Chengsong Huang");
        shot("desktop-my");

        browser.get(server.url("/papers/2608.19880"));
        browser.findElement(By.cssSelector("details.claim summary")).click();
        browser.findElement(By.cssSelector("details.claim button[name=position]")).click();
        waitFor(d -> d.findElement(By.tagName("h1")).getText().equals("Claim sent")); // the old page's h1 may go stale
        assertThat(server.app.claims().withStatus(papers.community.Claim.Status.PENDING, 10))
                .extracting(papers.community.Claim::username).contains("follower");

        logOut();
        waitFor(d -> !d.findElements(By.linkText("Log in")).isEmpty());
    }

    /** The widths the reader flows are walked at: a desktop and a phone. */
    private static final Dimension[] WIDTHS = {new Dimension(1280, 1000), new Dimension(390, 844)};

    private static Object js(String script, Object... arguments) {
        return ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(script, arguments);
    }

    /**
     * A visitor upvotes a card on the day list, meets a login page that says why, logs in and is back at the same card
     * with the vote counted and the box saying "Upvoted"; at desktop and phone width.
     */
    @Test
    void aVisitorUpvotesLogsInAndIsBackAtTheCardWithTheVoteCounted() throws Exception {
        String[] names = {"wide", "narrow"};
        String[] papers = {"2405.15574", "2405.15071"};
        for (int i = 0; i < WIDTHS.length; i++) {
            browser.manage().deleteAllCookies();
            browser.manage().window().setSize(WIDTHS[i]);
            signUpAndLogOut("voter" + names[i]);
            String id = papers[i];
            int before = server.store.find(id).orElseThrow().upvotes();
            browser.get(server.url("/papers/date/2024-05-27"));
            WebElement box = browser.findElement(By.cssSelector("#p-" + id.replace(".", "\\.") + " form.votes button"));
            assertThat(box.getAttribute("aria-label")).startsWith("Upvote: ");
            assertThat(box.getSize().getHeight()).as("a touch target").isGreaterThanOrEqualTo(44);
            box.click();
            waitFor(d -> d.findElements(By.cssSelector(".reason")).size() == 1);
            assertThat(browser.findElement(By.cssSelector(".reason")).getText()).startsWith("Log in to upvote.");
            shot(names[i] + "-login-to-upvote");
            browser.findElement(By.id("username")).sendKeys("voter" + names[i]);
            browser.findElement(By.id("password")).sendKeys("correct horse battery");
            browser.findElement(By.cssSelector(".account-form button[type=submit]")).click();
            waitFor(d -> d.getCurrentUrl().endsWith("/papers/date/2024-05-27#p-" + id));
            assertThat(server.store.find(id).orElseThrow().upvotes()).isEqualTo(before + 1);
            WebElement voted = browser.findElement(By.cssSelector("#p-" + id.replace(".", "\\.") + " form.votes button"));
            assertThat(voted.getAttribute("aria-pressed")).isEqualTo("true");
            assertThat(voted.getText()).contains(Integer.toString(before + 1)).contains("Upvoted");
            Number top = (Number) js("return document.getElementById('p-" + id + "').getBoundingClientRect().top;");
            assertThat(top.doubleValue()).as("the card is on screen").isBetween(0.0, 400.0);
            logOut();
        }
    }

    /** A comment typed before logging in is posted after signing up (the login page's Sign up link keeps it). */
    @Test
    void aCommentTypedBeforeSigningUpIsPostedAfter() throws Exception {
        String[] names = {"wide", "narrow"};
        for (int i = 0; i < WIDTHS.length; i++) {
            browser.manage().deleteAllCookies();
            browser.manage().window().setSize(WIDTHS[i]);
            String id = "2405.15032";
            browser.get(server.url("/papers/" + id));
            assertThat(browser.findElement(By.id("comment-hint")).getText()).contains("You will log in when you post");
            String text = "Typed as a visitor at " + names[i] + " width: is $\\mathcal{O}(n^2)$ tight?";
            browser.findElement(By.id("comment-text")).sendKeys(text);
            browser.findElement(By.cssSelector(".comment-form button[type=submit]")).click();
            waitFor(d -> d.findElements(By.cssSelector(".reason")).size() == 1);
            assertThat(browser.findElement(By.cssSelector(".reason")).getText()).contains("Your comment is kept");
            browser.findElement(By.cssSelector(".account-form a[href^='/signup?']")).click(); // keeps the comment
            waitFor(d -> d.findElement(By.tagName("h1")).getText().equals("Sign up"));
            browser.findElement(By.id("username")).sendKeys("commenter" + names[i]);
            browser.findElement(By.id("email")).sendKeys("commenter" + names[i] + "@example.org");
            browser.findElement(By.id("password")).sendKeys("correct horse battery");
            browser.findElement(By.cssSelector(".account-form button[type=submit]")).click();
            waitFor(d -> d.getCurrentUrl().contains("/papers/" + id + "#c"));
            String anchor = browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf('#') + 1);
            WebElement comment = browser.findElement(By.id(anchor));
            assertThat(comment.findElement(By.cssSelector(".meta .who")).getText()).isEqualTo("commenter" + names[i]);
            assertThat(comment.findElement(By.cssSelector(".body")).getText()).startsWith("Typed as a visitor at " + names[i]);
            // The TeX is rendered by KaTeX, loaded from this site.
            waitFor(d -> !comment.findElements(By.cssSelector(".body .katex")).isEmpty());
            // with its spacing: KaTeX sets heights through the DOM's style objects, which the strict CSP allows
            // (style attributes in HTML it would refuse)
            assertThat(js("return arguments[0].querySelector('.body .katex-html .strut').style.height;",
                    comment)).asString().endsWith("em");
            assertThat(browser.findElement(By.id("comment-hint")).getText()).doesNotContain("You will log in");
            shot(names[i] + "-comment-after-signup");
            logOut();
        }
    }

    /** On a phone: a compact header, no sideways scrolling, the filters folded, a sort that applies at once. */
    @Test
    void onAPhoneTheHeaderIsCompactAndSearchIsFirst() throws Exception {
        browser.manage().deleteAllCookies();
        browser.manage().window().setSize(new Dimension(390, 844));
        for (String path : List.of("/", "/papers/2405.15738", "/search?q=vision", "/login", "/signup")) {
            browser.get(server.url(path));
            assertThat(js("return document.documentElement.scrollWidth > window.innerWidth;")).as(path).isEqualTo(false);
            Number header = (Number) js("return document.querySelector('.site-header').offsetHeight;");
            assertThat(header.intValue()).as(path).isLessThanOrEqualTo(110);
        }
        browser.get(server.url("/search?q=vision"));
        assertThat(browser.findElements(By.id("header-q"))).isEmpty(); // one search box on the search page
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Results for “vision”");
        assertThat(browser.findElement(By.name("min_upvotes")).isDisplayed()).isFalse();
        Number first = (Number) js("return document.querySelector('.card').getBoundingClientRect().top;");
        assertThat(first.intValue()).as("the first result near the top").isLessThan(330);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("sort"))).selectByValue("upvotes");
        waitFor(d -> d.getCurrentUrl().contains("sort=upvotes"));
        assertThat(browser.findElement(By.cssSelector(".sub")).getText()).endsWith("most upvoted first");
        for (WebElement button : browser.findElements(By.cssSelector("main button"))) {
            if (button.isDisplayed()) {
                assertThat(button.getSize().getHeight()).as(button.getText()).isGreaterThanOrEqualTo(44);
            }
        }
        shot("phone-search");
    }

    private static void signUpAndLogOut(String username) {
        browser.get(server.url("/signup"));
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("email")).sendKeys(username + "@example.org");
        browser.findElement(By.id("password")).sendKeys("correct horse battery");
        browser.findElement(By.cssSelector(".account-form button[type=submit]")).click();
        waitFor(d -> !d.findElements(By.cssSelector(".account .user-name")).isEmpty());
        logOut();
        waitFor(d -> !d.findElements(By.linkText("Log in")).isEmpty());
    }

    /** Logs out through the account menu. */
    private static void logOut() {
        browser.findElement(By.cssSelector(".account summary")).click();
        browser.findElement(By.cssSelector(".account form button")).click();
    }

    /** Waits as {@link Browser#waitFor} does: an element of the page being left just means "not yet". */
    private static void waitFor(java.util.function.Function<WebDriver, Boolean> condition) {
        chromium.waitFor(condition);
    }

    /**
     * The whole member flow on a site of its own (its submission lists a paper on today's feed): sign up, log out,
     * log in, upvote, comment, submit a paper fetched from a local stand-in for the arXiv API, log out.
     */
    @Test
    void aMemberLogsInUpvotesCommentsAndSubmitsAPaper() throws Exception {
        // A real arXiv API answer; the submitted entry's publication date moves to yesterday, since only recent
        // papers may be submitted (the rest of the entry is arXiv's as served).
        String yesterday = java.time.Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
        byte[] feed = Files.readString(Fixtures.path("arxiv-api-query-deep-dream-start0.atom"))
                .replace("2016-12-12T13:08:55Z", yesterday).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.util.Map<String, String> env = TestStores.sqlite(Files.createTempDirectory(home, "member"));
        try (FixtureServer arxiv = new FixtureServer(uri -> FixtureServer.Answer.ok(feed))) {
            env.put("PAPERS_ARXIV_API_URL", arxiv.url("/api/query"));
            env.put("PAPERS_ARXIV_DELAY_MS", "0");
            try (TestServer site = new TestServer(papers.Config.from(env), Clock.systemUTC())
                    .importing("hf-daily", "hf-daily-papers-2024-05-27.json")) {
                memberFlow(site);
            }
            assertThat(arxiv.requests()).singleElement().asString().contains("id_list=1612.03659");
        }
    }

    private static void memberFlow(TestServer site) throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.get(site.url("/signup"));
        browser.findElement(By.id("username")).sendKeys("member");
        browser.findElement(By.id("email")).sendKeys("member@example.org");
        browser.findElement(By.id("password")).sendKeys("correct horse battery");
        browser.findElement(By.cssSelector(".account-form button[type=submit]")).click();
        waitFor(d -> !d.findElements(By.cssSelector(".account .user-name")).isEmpty());
        logOut();
        waitFor(d -> !d.findElements(By.linkText("Log in")).isEmpty());

        browser.findElement(By.linkText("Log in")).click();
        browser.findElement(By.id("username")).sendKeys("member");
        browser.findElement(By.id("password")).sendKeys("correct horse battery");
        browser.findElement(By.cssSelector(".account-form button[type=submit]")).click();
        waitFor(d -> !d.findElements(By.cssSelector(".account .user-name")).isEmpty());
        assertThat(browser.findElement(By.cssSelector(".account .user-name")).getText()).isEqualTo("member");

        String id = "2405.15738";
        browser.get(site.url("/papers/" + id));
        int before = site.store.find(id).orElseThrow().upvotes();
        WebElement count = browser.findElement(By.cssSelector("form.votes.big .count"));
        browser.findElement(By.cssSelector("form.votes.big button")).click();
        waitFor(d -> count.getText().equals(Integer.toString(before + 1)));
        assertThat(site.store.find(id).orElseThrow().upvotes()).isEqualTo(before + 1);

        browser.findElement(By.id("comment-text")).sendKeys("**Worth reading** <script>window.pwned = 1</script>");
        browser.findElement(By.cssSelector(".comment-form button[type=submit]")).click();
        waitFor(d -> !d.findElements(By.cssSelector("article.comment .body strong")).isEmpty());
        WebElement body = browser.findElement(By.cssSelector("article.comment .body"));
        assertThat(body.findElement(By.tagName("strong")).getText()).isEqualTo("Worth reading");
        assertThat(body.getText()).contains("<script>window.pwned = 1</script>"); // shown as text, never run
        assertThat(body.findElements(By.tagName("script"))).isEmpty();
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.pwned"))
                .isNull();
        shot("desktop-commented");

        browser.findElement(By.cssSelector(".account summary")).click();
        browser.findElement(By.linkText("Submit")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Submit a paper");
        browser.findElement(By.id("arxivId")).sendKeys("https://arxiv.org/abs/1612.03659v1");
        browser.findElement(By.cssSelector(".submit-form button[type=submit]")).click();
        waitFor(d -> d.getCurrentUrl().endsWith("/papers/1612.03659"));
        assertThat(browser.findElement(By.id("paper-title")).getText())
                .isEqualTo("Unraveling reported dreams with text analytics");
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Submitted by").contains("member");
        shot("desktop-submitted");
        browser.get(site.url("/"));
        assertThat(browser.findElements(By.cssSelector(".card h2 a"))).extracting(WebElement::getText)
                .contains("Unraveling reported dreams with text analytics");

        logOut();
        waitFor(d -> !d.findElements(By.linkText("Log in")).isEmpty());
        assertThat(browser.findElements(By.cssSelector(".account .user-name"))).isEmpty();
    }
}
