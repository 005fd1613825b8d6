package papers.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import papers.support.TestMail;
import papers.support.TestServer;
import papers.support.WebClient;

/**
 * The whole subscriber journey against a real server and a real SMTP server (GreenMail): subscribe from the box on a
 * page, confirm by the emailed link, get one digest with every header, nothing the second time, and leave with the
 * RFC 8058 one-click POST.
 */
class DigestFlowTest {

    static final String SITE = TestMail.SITE;
    static final LocalDate MONDAY = LocalDate.parse("2026-08-24");

    @TempDir
    Path home;

    @RegisterExtension
    final GreenMailExtension smtp = TestMail.smtp();

    TestServer server;
    WebClient web;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(TestMail.config(home, smtp),
                Clock.fixed(Instant.parse("2026-08-24T07:00:00Z"), ZoneOffset.UTC))
                .importing("hf-daily", "hf-daily-papers-2026-08-21.json");
        web = new WebClient(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The site-relative path and query of a link in an email. */
    static String local(String url) {
        assertThat(url).startsWith(SITE + "/");
        return url.substring(SITE.length());
    }

    static String link(String text, String path) {
        Matcher m = Pattern.compile(Pattern.quote(SITE + path) + "\\?token=[A-Za-z0-9._-]+").matcher(text);
        assertThat(m.find()).as("a %s link in %s", path, text).isTrue();
        return m.group();
    }

    static String part(MimeMessage m, String type) throws Exception {
        Multipart parts = (Multipart) m.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType(type)) {
                return (String) parts.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    @Test
    void doubleOptInThenOneDigestWithEveryHeaderThenOneClickUnsubscribe() throws Exception {
        String page = web.get("/").body();
        assertThat(page).contains("action=\"/subscribe\"").contains("Get trending papers in your email inbox!");

        // subscribe as a visitor from the box: a confirmation, and nothing else
        HttpResponse<String> subscribed = web.post("/subscribe", Map.of("email", "ada@example.org",
                "frequency", "daily", "csrf", ""));
        assertThat(subscribed.statusCode()).isEqualTo(200);
        assertThat(subscribed.body()).contains("Check your inbox");
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        MimeMessage confirmation = smtp.getReceivedMessages()[0];
        assertThat(confirmation.getAllRecipients()[0].toString()).isEqualTo("ada@example.org");
        String confirmLink = link(part(confirmation, "text/plain"), "/digest/confirm");

        // before confirming, a batch sends nothing to the address
        assertThat(server.app.digests().send(Frequency.DAILY, MONDAY, line -> { }).line())
                .isEqualTo("sent: 0, skipped: 0, failed: 0");
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        // a tampered link is refused with a 400 and confirms nothing
        assertThat(web.get(WebClient.tampered(local(confirmLink))).statusCode()).isEqualTo(400);
        HttpResponse<String> confirmPage = web.get(local(confirmLink));
        assertThat(confirmPage.statusCode()).isEqualTo(200);
        assertThat(confirmPage.headers().firstValue("Cache-Control")).hasValue("private, no-store");
        String token = local(confirmLink).substring("/digest/confirm?token=".length());
        HttpResponse<String> confirmed = web.post("/digest/confirm", Map.of("token", token,
                "csrf", WebClient.csrfIn(confirmPage.body())));
        assertThat(confirmed.statusCode()).isEqualTo(303);
        assertThat(web.get(confirmed.headers().firstValue("Location").orElseThrow()).body())
                .contains("Subscription confirmed.").doesNotContain("ada@example.org");

        // a title with TeX (2406.14347's as Hugging Face's item carries it), listed in the period and upvoted most
        server.with(java.util.List.of(papers.paper.Paper.of("2406.14347", 1, "$\\nabla^2$DFT: A Universal Quantum "
                        + "Chemistry Dataset of Drug-Like Molecules", "Abstract.",
                        java.util.List.of(papers.paper.Author.named("Kuzma Khrabrov")), Instant.parse("2026-08-20T00:00:00Z"))
                .withListing(LocalDate.parse("2026-08-21"), null).withCommunity(null, 500, 0, null, null)));
        DigestRun.Result first = server.app.digests().send(Frequency.DAILY, MONDAY, line -> { });
        assertThat(first.line()).isEqualTo("sent: 1, skipped: 0, failed: 0");
        assertThat(smtp.getReceivedMessages()).hasSize(2);
        MimeMessage digest = smtp.getReceivedMessages()[1];
        long id = server.app.digests().subscribers().findByEmail("ada@example.org").orElseThrow().id();

        assertThat(digest.getHeader("Message-ID", null))
                .isEqualTo("<digest.daily.2026-08-24." + id + "@papers.example.org>");
        assertThat(server.app.digests().ledger().find(id, "daily:2026-08-24").orElseThrow().state()).isEqualTo("sent");
        assertThat(digest.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        String listUnsubscribe = digest.getHeader("List-Unsubscribe", null);
        assertThat(listUnsubscribe).matches("<" + Pattern.quote(SITE) + "/digest/unsubscribe\\?token=[^>]+>, "
                + "<mailto:digest@papers\\.example\\.org\\?subject=unsubscribe%20[^>]+>");
        assertThat(digest.getSubject()).startsWith("Daily Papers: 21 August to Sunday 23 August 2026");
        assertThat(digest.isMimeType("multipart/alternative")).isTrue();
        Multipart parts = (Multipart) digest.getContent();
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
        String text = part(digest, "text/plain");
        String html = part(digest, "text/html");
        assertThat(text).contains("TRENDING").contains(SITE + "/papers/2608.19880")
                .contains("EnvHarness: Awakening Static Worlds for Agent Learning")
                .contains("* ∇²DFT: A Universal Quantum Chemistry Dataset").doesNotContain("$");
        assertThat(html).contains("href=\"" + SITE + "/papers/2608.19880\"")
                .contains(">∇²DFT: A Universal Quantum Chemistry Dataset").doesNotContain("nabla")
                .doesNotContainIgnoringCase("<img").doesNotContainIgnoringCase("src=")
                .doesNotContainIgnoringCase("<link").doesNotContain("url(");

        // the second run sends nothing
        assertThat(server.app.digests().send(Frequency.DAILY, MONDAY, line -> { }).line())
                .isEqualTo("sent: 0, skipped: 1, failed: 0");
        assertThat(smtp.getReceivedMessages()).hasSize(2);

        // one-click unsubscribe as a mail client sends it: POST, no cookie, no CSRF token (RFC 8058)
        String unsubscribeUrl = listUnsubscribe.substring(1, listUnsubscribe.indexOf('>'));
        server.app.digests().subscribers().updatePreferences(id, Frequency.DAILY, java.util.List.of("agents"));
        HttpResponse<String> oneClick = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.url(local(unsubscribeUrl))))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(oneClick.statusCode()).isEqualTo(200);
        Subscription gone = server.app.digests().subscribers().find(id).orElseThrow();
        assertThat(gone.status()).isEqualTo(Subscription.Status.UNSUBSCRIBED);
        assertThat(gone.topics()).isEmpty();
        assertThat(server.app.digests().send(Frequency.DAILY, LocalDate.parse("2026-08-25"), line -> { }).sent())
                .isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(2);
    }

    @Test
    void preferencesByTheSignedLinkChangeFrequencyAndTopicsAndRefuseBadInput() throws Exception {
        Subscription s = server.app.digests().subscribers().addConfirmed("bob@example.org", Frequency.DAILY, java.util.List.of());
        String token = server.app.digests().links().manageToken(s.id());
        HttpResponse<String> page = web.get("/digest/preferences?token=" + token);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("bob@example.org");
        String csrf = WebClient.csrfIn(page.body());

        HttpResponse<String> saved = web.post("/digest/preferences", Map.of("token", token, "csrf", csrf,
                "frequency", "weekly", "topics", "agents\r\n\"terminal tasks\"\r\n"));
        assertThat(saved.statusCode()).isEqualTo(303);
        Subscription after = server.app.digests().subscribers().find(s.id()).orElseThrow();
        assertThat(after.frequency()).isEqualTo(Frequency.WEEKLY);
        assertThat(after.topics()).containsExactly("agents", "\"terminal tasks\"");

        assertThat(web.post("/digest/preferences", Map.of("token", token, "csrf", csrf, "frequency", "hourly",
                "topics", "")).statusCode()).isEqualTo(400);
        assertThat(web.post("/digest/preferences", Map.of("token", token, "csrf", "wrong", "frequency", "daily",
                "topics", "")).statusCode()).isEqualTo(403);
        assertThat(web.get("/digest/preferences?token=manage." + s.id() + ".0.forged").statusCode()).isEqualTo(400);
        assertThat(web.get("/digest/preferences").statusCode()).isEqualTo(400);
        assertThat(web.post("/subscribe", Map.of("email", "not an address", "frequency", "daily")).statusCode())
                .isEqualTo(400);
        assertThat(web.post("/digest/unsubscribe", Map.of("token", "nonsense")).statusCode()).isEqualTo(400);

        // the preview in the browser shows this reader's digest: their topic's paper, with the reason
        // (a page of the site with a period picker, the email in a frame)
        HttpResponse<String> previewPage = web.get("/digest/preview?period=daily&date=2026-08-24&token=" + token);
        assertThat(previewPage.statusCode()).isEqualTo(200);
        assertThat(previewPage.body()).contains("<h1>Your digest, as it would be sent</h1>")
                .contains("<input id=\"preview-date\" type=\"date\" name=\"date\" value=\"2026-08-24\"")
                .contains("src=\"/digest/preview?raw=1&amp;period=daily&amp;date=2026-08-24&amp;token=");
        HttpResponse<String> preview = web.get("/digest/preview?raw=1&period=daily&date=2026-08-24&token=" + token);
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("For you").contains("Matches your topic “agents”");
        assertThat(web.get("/digest/preview?date=2026-13-01").statusCode()).isEqualTo(400);
        assertThat(web.get("/digest/preview?raw=1&date=2026-08-24").body()).contains("Trending").doesNotContain("For you");
        // without a date: the newest period with papers, not an empty today
        assertThat(web.get("/digest/preview").body()).doesNotContain("No papers were listed").contains("<iframe");
    }
}
