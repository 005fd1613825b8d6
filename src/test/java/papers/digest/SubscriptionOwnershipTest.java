package papers.digest;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import papers.support.TestMail;
import papers.support.TestServer;
import papers.support.WebClient;

/**
 * Findings 1 and 8 of the security review: a signed-in user cannot take over another address's subscription, no page
 * carries the manage link of a subscription its viewer has not proven to own, manage links can be rotated, and one
 * inbox spelled another way shares its limit.
 */
class SubscriptionOwnershipTest {

    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path home;

    @RegisterExtension
    final GreenMailExtension smtp = TestMail.smtp();

    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(TestMail.config(home, smtp),
                Clock.fixed(Instant.parse("2026-08-24T07:00:00Z"), ZoneOffset.UTC))
                .importing("hf-daily", "hf-daily-papers-2026-08-21.json");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void subscribingSomeoneElsesAddressWhileSignedInNeitherLinksItNorShowsItsManageLink() throws Exception {
        WebClient victim = new WebClient(server);
        assertThat(victim.post("/subscribe", Map.of("email", "victim@example.org", "csrf", "")).statusCode())
                .isEqualTo(200);
        long victimId = server.app.digests().subscribers().findByEmail("victim@example.org").orElseThrow().id();

        WebClient mallory = new WebClient(server);
        mallory.signup("mallory", PASSWORD);
        server.app.accounts().markEmailVerified(server.app.accounts().findUser("mallory").orElseThrow().id());
        HttpResponse<String> posted = mallory.post("/subscribe", Map.of("email", "victim@example.org",
                "csrf", WebClient.csrfIn(mallory.get("/").body())));
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(server.app.digests().subscribers().find(victimId).orElseThrow().userId()).isNull();
        String preview = mallory.get("/digest/preview?date=2026-08-21").body();
        assertThat(preview).doesNotContain(server.app.digests().links().manageToken(victimId));
    }

    @Test
    void theOwnerOfAVerifiedAddressGetsItLinkedAndSeesItsLinksInThePreview() throws Exception {
        WebClient ada = new WebClient(server);
        ada.signup("ada", PASSWORD);
        server.app.accounts().markEmailVerified(server.app.accounts().findUser("ada").orElseThrow().id());
        ada.post("/subscribe", Map.of("email", "ADA@example.org", "csrf", WebClient.csrfIn(ada.get("/").body())));
        Subscription s = server.app.digests().subscribers().findByEmail("ada@example.org").orElseThrow();
        assertThat(s.userId()).isEqualTo(server.app.accounts().findUser("ada").orElseThrow().id());
    }

    @Test
    void rotatingTheManageLinksVoidsTheOldOnes() throws Exception {
        Subscription s = server.app.digests().subscribers().addConfirmed("ada@example.org", Frequency.DAILY,
                java.util.List.of());
        String old = server.app.digests().links().manageToken(s.id());
        WebClient ada = new WebClient(server);
        HttpResponse<String> page = ada.get("/digest/preferences?token=" + old);
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> rotated = ada.post("/digest/preferences/rotate", Map.of("token", old,
                "csrf", WebClient.csrfIn(page.body())));
        assertThat(rotated.statusCode()).isEqualTo(303);
        String next = rotated.headers().firstValue("Location").orElseThrow();
        assertThat(next).doesNotContain(old);
        assertThat(ada.get(next).statusCode()).isEqualTo(200);
        assertThat(ada.get("/digest/preferences?token=" + old).statusCode()).isEqualTo(400);
        assertThat(ada.post("/digest/unsubscribe", Map.of("token", old)).statusCode()).isEqualTo(400);
    }

    @Test
    void aQuotedLocalPartIsTheSameInboxForTheLimitAndTheStore() throws Exception {
        WebClient visitor = new WebClient(server);
        for (int i = 0; i < 3; i++) {
            assertThat(visitor.post("/subscribe", Map.of("email", "victim@example.org", "csrf", "")).statusCode())
                    .isEqualTo(200);
        }
        HttpResponse<String> quoted = visitor.post("/subscribe", Map.of("email", "\"victim\"@Example.org",
                "csrf", ""));
        assertThat(quoted.statusCode()).isEqualTo(429);
        assertThat(server.app.digests().subscribers().list()).extracting(Subscription::email)
                .containsExactly("victim@example.org");
    }
}
