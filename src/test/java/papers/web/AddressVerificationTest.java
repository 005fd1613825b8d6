package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
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
 * Finding 10: with SMTP configured, a sign-up mails a link that proves the address, and the address is used for
 * authorship claims and digests only after it was opened; one account per address.
 */
class AddressVerificationTest {

    static final String SITE = TestMail.SITE;
    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path home;

    @RegisterExtension
    final GreenMailExtension smtp = TestMail.smtp();

    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer(TestMail.config(home, smtp), Clock.systemUTC())
                .importing("hf-daily", "hf-daily-papers-2024-05-27.json");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAddressIsUsedForClaimsOnlyOnceItsLinkWasOpened() throws Exception {
        WebClient ada = new WebClient(server);
        HttpResponse<String> signup = ada.signup("ada", PASSWORD);
        assertThat(signup.statusCode()).isEqualTo(303);
        assertThat(signup.headers().firstValue("Location")).contains("/account/verify");
        assertThat(ada.get("/account/verify").body()).contains("We sent a link to ada@example.org");
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("ada@example.org");
        Matcher link = Pattern.compile(Pattern.quote(SITE) + "(/account/verify\\?token=[A-Za-z0-9._-]+)")
                .matcher(GreenMailUtil.getBody(smtp.getReceivedMessages()[0]));
        assertThat(link.find()).isTrue();

        String csrf = WebClient.csrfIn(ada.get("/papers/2405.15738").body());
        HttpResponse<String> early = ada.post("/claims", Map.of("csrf", csrf, "paper", "2405.15738",
                "position", "0"));
        assertThat(early.statusCode()).isEqualTo(403);
        assertThat(early.body()).contains("Confirm your email address first");

        assertThat(ada.get(WebClient.tampered(link.group(1))).statusCode()).isEqualTo(400);
        assertThat(server.app.accounts().findUser("ada").orElseThrow().emailVerified()).isFalse();
        HttpResponse<String> opened = ada.get(link.group(1));
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(server.app.accounts().findUser("ada").orElseThrow().emailVerified()).isTrue();
        assertThat(ada.get("/account/verify").body()).contains("is confirmed");
        assertThat(ada.post("/claims", Map.of("csrf", csrf, "paper", "2405.15738", "position", "0")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aSecondAccountCannotTakeTheSameAddress() throws Exception {
        new WebClient(server).signup("ada", PASSWORD);
        WebClient other = new WebClient(server);
        HttpResponse<String> refused = other.post("/signup", Map.of("csrf", other.csrf("/signup"),
                "username", "ada2", "email", "ADA@example.org", "password", PASSWORD));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("already uses this email address");
        assertThat(server.app.accounts().findUser("ada2")).isEmpty();
    }

    @Test
    void changingTheAddressAsksForThePasswordAndVerifiesTheNewOne() throws Exception {
        WebClient ada = new WebClient(server);
        ada.signup("ada", PASSWORD);
        long id = server.app.accounts().findUser("ada").orElseThrow().id();
        server.app.accounts().markEmailVerified(id);
        new WebClient(server).signup("bob", PASSWORD);
        String csrf = WebClient.csrfIn(ada.get("/account/email").body());

        HttpResponse<String> noPassword = ada.post("/account/email", Map.of("csrf", csrf,
                "email", "ada@new.example.org", "password", "wrong password"));
        assertThat(noPassword.statusCode()).isEqualTo(400);
        assertThat(noPassword.body()).contains("password");
        HttpResponse<String> taken = ada.post("/account/email", Map.of("csrf", csrf,
                "email", "BOB@example.org", "password", PASSWORD));
        assertThat(taken.statusCode()).isEqualTo(400);
        assertThat(server.app.accounts().findById(id).orElseThrow().email()).isEqualTo("ada@example.org");

        int mails = smtp.getReceivedMessages().length;
        HttpResponse<String> changed = ada.post("/account/email", Map.of("csrf", csrf,
                "email", "ada@new.example.org", "password", PASSWORD));
        assertThat(changed.statusCode()).isEqualTo(303);
        var user = server.app.accounts().findById(id).orElseThrow();
        assertThat(user.email()).isEqualTo("ada@new.example.org");
        assertThat(user.emailVerified()).isFalse(); // the new address is proven by its own link
        assertThat(smtp.getReceivedMessages()).hasSize(mails + 1);
        assertThat(smtp.getReceivedMessages()[mails].getAllRecipients()[0].toString())
                .isEqualTo("ada@new.example.org");
    }
}
