package papers.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.Config;
import papers.support.TestServer;
import papers.support.WebClient;

/**
 * The subscribe box and the digest preview as readers without a subscription meet them: the box's answer (a region
 * site.js puts in place, a way back without JavaScript), the address filled in for signed-in readers (per viewer, on
 * cached pages), the account's digest page, and a preview whose links lead to this site. The clock stands months
 * after the last listing, as on a server whose source stopped.
 */
class SubscribeBoxTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path home;
    GreenMail smtp;
    TestServer server;

    @BeforeEach
    void start() throws Exception {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Map<String, String> env = new HashMap<>();
        env.put("PAPERS_HOME", home.toString());
        env.put("PAPERS_BASE_URL", DigestFlowTest.SITE);
        env.put("PAPERS_SMTP_HOST", "127.0.0.1");
        env.put("PAPERS_SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
        env.put("PAPERS_SMTP_SECURITY", "none");
        env.put("PAPERS_MAIL_FROM", "Daily Papers <digest@papers.example.org>");
        server = new TestServer(Config.from(env), Clock.fixed(Instant.parse("2026-11-29T07:00:00Z"), ZoneOffset.UTC))
                .importing("hf-daily", "hf-daily-papers-2026-08-21.json");
    }

    @AfterEach
    void stop() {
        server.close();
        smtp.stop();
    }

    @Test
    void theAnswerIsARegionToPutInPlaceAndALinkBackToThePage() throws Exception {
        WebClient visitor = new WebClient(server);
        HttpResponse<String> r = visitor.post("/subscribe", Map.of("email", "ada@example.org", "frequency", "weekly",
                "csrf", ""), "Referer", server.url("/papers/2608.19880?x=1"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("data-inline-result role=\"status\"").contains("<h1>Check your inbox</h1>")
                .contains("We sent a message to ada@example.org").contains("weekly digest")
                .contains("<a href=\"/papers/2608.19880?x=1\">Back to the page you were on</a>");
        assertThat(smtp.getReceivedMessages()).hasSize(1);

        HttpResponse<String> foreign = visitor.post("/subscribe", Map.of("email", "bea@example.org", "csrf", ""),
                "Referer", "https://elsewhere.example.com/papers/2608.19880");
        assertThat(foreign.body()).contains("Check your inbox").doesNotContain("Back to the page you were on");
        HttpResponse<String> bad = visitor.post("/subscribe", Map.of("email", "not an address", "csrf", ""));
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void signedInReadersFindTheirAddressInTheBoxAndOthersNever() throws Exception {
        WebClient ada = new WebClient(server);
        ada.signup("ada", PASSWORD);
        String email = server.app.accounts().findUser("ada").orElseThrow().email();
        String mine = ada.get("/papers/2608.19880").body();
        assertThat(mine).contains("<input id=\"subscribe-email\" type=\"email\" name=\"email\" value=\"" + email + "\"");
        // the same cached page, anonymous: empty
        String anonymous = new WebClient(server).get("/papers/2608.19880").body();
        assertThat(anonymous).contains("<input id=\"subscribe-email\" type=\"email\" name=\"email\" value=\"\"")
                .doesNotContain(email);
    }

    @Test
    void theAccountsDigestPageSubscribesAndThenManages() throws Exception {
        WebClient ada = new WebClient(server);
        ada.signup("ada", PASSWORD);
        var user = server.app.accounts().findUser("ada").orElseThrow();
        server.app.accounts().markEmailVerified(user.id());
        String page = ada.get("/account/digest").body();
        assertThat(page).contains("<h1>Your email digest</h1>").contains("action=\"/subscribe\"")
                .contains("value=\"" + user.email() + "\"");
        String csrf = WebClient.csrfIn(page);
        assertThat(ada.post("/subscribe", Map.of("email", user.email(), "frequency", "daily", "csrf", csrf))
                .statusCode()).isEqualTo(200);
        Subscription s = server.app.digests().subscribers().findByEmail(user.email()).orElseThrow();
        server.app.digests().subscribers().confirm(s.id());
        HttpResponse<String> manage = ada.get("/account/digest");
        assertThat(manage.statusCode()).isEqualTo(303);
        assertThat(manage.headers().firstValue("Location").orElseThrow())
                .isEqualTo("/digest/preferences?token=" + server.app.digests().links().manageToken(s.id()));
    }

    @Test
    void aVisitorsPreviewOpensOnTheNewestPeriodWithPapersAndEveryLinkLeadsHere() throws Exception {
        WebClient visitor = new WebClient(server);
        String page = visitor.get("/digest/preview").body();
        assertThat(page).contains("class=\"site-header\"").contains("<select id=\"preview-period\"")
                .contains("21 August to Sunday 23 August 2026") // the Monday digest after the last listing (Friday 21)
                .contains("<input id=\"preview-date\" type=\"date\" name=\"date\" value=\"2026-08-24\"")
                .contains("<a href=\"#subscribe-heading\">subscribe</a>").contains("id=\"subscribe-heading\"")
                .doesNotContain("No papers were listed");
        Matcher frame = Pattern.compile("<iframe[^>]* src=\"([^\"]+)\"").matcher(page);
        assertThat(frame.find()).isTrue();
        String mail = visitor.get(frame.group(1).replace("&amp;", "&")).body();
        assertThat(mail).contains("Trending").contains("A sample digest")
                .doesNotContain("token=").doesNotContain(DigestFlowTest.SITE);
        Matcher links = Pattern.compile("<a href=\"([^\"]+)\"( target=\"([^\"]*)\")?").matcher(mail);
        int n = 0;
        while (links.find()) {
            n++;
            assertThat(links.group(3)).as(links.group(1) + " opens the whole window, not the frame").isEqualTo("_top");
            String path = links.group(1).replaceFirst("#.*$", "");
            assertThat(visitor.get(path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(n).isGreaterThan(5);
        assertThat(mail).contains("href=\"/digest/preview#subscribe-heading\"");
    }
}
