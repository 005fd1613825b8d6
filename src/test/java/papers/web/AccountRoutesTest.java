package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.Config;
import papers.community.SignedIn;
import papers.community.User;
import papers.support.TestServer;
import papers.support.TestStores;
import papers.support.WebClient;

/** Sign-up, login, logout and password change through HTTP, with each security rule they must keep. */
class AccountRoutesTest {

    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path home;

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.sqlite(home, Clock.systemUTC()).importing("hf-daily", "hf-daily-papers-2024-05-27.json");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void signUpLogsInWithAHttpOnlyLaxCookieAndTheHeaderNamesTheUser() throws Exception {
        WebClient ada = new WebClient(server);
        assertThat(ada.get("/").body()).contains(">Log in<").contains(">Sign up<");
        HttpResponse<String> signup = ada.signup("ada", PASSWORD);
        assertThat(signup.statusCode()).isEqualTo(303);
        String cookie = WebClient.setCookies(signup).stream().filter(c -> c.startsWith("papers_session=")).findFirst()
                .orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure");
        HttpResponse<String> home = ada.get("/");
        assertThat(home.body()).contains(">ada</a>").contains("Log out").doesNotContain(">Log in<");
        assertThat(home.headers().firstValue("Cache-Control")).contains("private, no-store");
        assertThat(home.headers().allValues("Vary")).anyMatch(v -> v.contains("Cookie"));
        assertThat(server.app.accounts().findUser("ada")).isPresent();
    }

    @Test
    void cookiesAreSecureWhenTheBaseUrlIsHttps() throws Exception {
        server.close();
        Map<String, String> env = TestStores.sqlite(home.resolve("https"));
        env.put("PAPERS_BASE_URL", "https://papers.example.org");
        server = new TestServer(Config.from(env), Clock.systemUTC());
        HttpResponse<String> signup = new WebClient(server).signup("ada", PASSWORD);
        assertThat(WebClient.setCookies(signup)).filteredOn(c -> c.startsWith("papers_session="))
                .singleElement().asString().contains("; Secure");
    }

    @Test
    void cachedPagesNeverCarryOneVisitorsHeaderToAnother() throws Exception {
        WebClient ada = new WebClient(server);
        ada.signup("ada", PASSWORD);
        WebClient anonymous = new WebClient(server);
        for (String path : new String[] {"/", "/papers/trending", "/papers/2405.15738"}) {
            // ada renders the page first (it enters the cache), then an anonymous visitor asks for it
            assertThat(ada.get(path).body()).contains(">ada</a>");
            HttpResponse<String> page = anonymous.get(path);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains(">Log in<").doesNotContain(">ada</a>").doesNotContain("Log out");
            HttpResponse<byte[]> gzipped = anonymous.getBytes(path, "Accept-Encoding", "gzip");
            assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
            assertThat(gunzip(gzipped.body())).contains(">Log in<").doesNotContain(">ada</a>")
                    .doesNotContain("Log out");
        }
        // and the other way round: an anonymous visitor fills the cache, the signed-in one still sees their name
        assertThat(anonymous.get("/papers/date/2024-05-27").body()).contains(">Log in<");
        HttpResponse<byte[]> mine = ada.getBytes("/papers/date/2024-05-27", "Accept-Encoding", "gzip");
        String body = mine.headers().firstValue("Content-Encoding").isPresent() ? gunzip(mine.body())
                : new String(mine.body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(body).contains(">ada</a>").doesNotContain(">Log in<");
    }

    private static String gunzip(byte[] body) throws Exception {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void postsWithoutTheRightCsrfTokenAre403() throws Exception {
        WebClient visitor = new WebClient(server);
        visitor.get("/login"); // gets a pre-session token cookie
        assertThat(visitor.post("/login", Map.of("username", "ada", "password", PASSWORD)).statusCode())
                .isEqualTo(403);
        assertThat(visitor.post("/signup", Map.of("csrf", "forged", "username", "ada", "email", "a@example.org",
                "password", PASSWORD)).statusCode()).isEqualTo(403);
        assertThat(server.app.accounts().userCount()).isZero();

        WebClient ada = new WebClient(server);
        ada.signup("ada", PASSWORD);
        assertThat(ada.post("/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(ada.post("/logout", Map.of("csrf", "forged")).statusCode()).isEqualTo(403);
        assertThat(ada.get("/").body()).contains(">ada</a>"); // still logged in
        assertThat(ada.post("/account/password", Map.of("current", PASSWORD, "password", "another password 1"))
                .statusCode()).isEqualTo(403);
        assertThat(server.app.accounts().authenticate("ada", PASSWORD)).isPresent();
    }

    @Test
    void userSuppliedTextIsEscaped() throws Exception {
        WebClient visitor = new WebClient(server);
        String evil = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
        HttpResponse<String> response = visitor.post("/signup", Map.of("csrf", visitor.csrf("/signup"),
                "username", evil, "email", evil, "password", PASSWORD));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("<script>alert(1)").doesNotContain("<img src=x")
                .contains("value=\"&lt;script>alert(1)&lt;/script>&#34;>&lt;img src=x onerror=alert(2)>\"");
        HttpResponse<String> login = visitor.post("/login", Map.of("csrf", visitor.csrf("/login"),
                "username", evil, "password", PASSWORD));
        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(login.body()).doesNotContain("<script>alert(1)").doesNotContain("<img src=x");
    }

    @Test
    void theHeaderFragmentEscapesTheUsername() {
        User user = new User(1, "<b>\"x'", "e@example.org", false, null, java.time.Instant.now());
        String page = "<header>" + ViewerSlots.ACCOUNT_START + "<a>Log in</a>" + ViewerSlots.ACCOUNT_END + "</header>";
        String out = new String(ViewerSlots.fill(page.getBytes(), new SignedIn(user, "tok\"en")));
        // jte's escaping: text and attribute contexts differ, neither lets the name out
        assertThat(out).contains(">&lt;b&gt;\"x'</a>").contains("href=\"/users/&lt;b>&#34;x&#39;\"")
                .contains("value=\"tok&#34;en\"").doesNotContain("<b>").doesNotContain("Log in");
    }

    @Test
    void injectionStringsThroughEveryFieldAreJustData() throws Exception {
        WebClient ada = new WebClient(server);
        ada.signup("ada", PASSWORD);
        String[] evils = {"' OR '1'='1", "'; DROP TABLE users; --", "ada' --", "\" OR \"\"=\"", "1; DELETE FROM sessions"};
        for (String evil : evils) {
            WebClient visitor = new WebClient(server);
            assertThat(visitor.post("/signup", Map.of("csrf", visitor.csrf("/signup"), "username", evil,
                    "email", evil, "password", evil + evil)).statusCode()).isEqualTo(400);
            assertThat(visitor.post("/login", Map.of("csrf", visitor.csrf("/login"), "username", evil,
                    "password", evil)).statusCode()).isEqualTo(401);
            assertThat(visitor.post("/login", Map.of("csrf", visitor.csrf("/login"), "username", "ada",
                    "password", evil)).statusCode()).isEqualTo(401);
            assertThat(ada.post("/account/password", Map.of("csrf", ada.csrf("/account/password"),
                    "current", evil, "password", evil + evil)).statusCode()).isEqualTo(400);
            visitor.cookies.put(Auth.SESSION_COOKIE, evil.replace(";", "").replace(" ", ""));
            assertThat(visitor.get("/").body()).contains(">Log in<");
        }
        assertThat(server.app.accounts().userCount()).isEqualTo(1);
        assertThat(server.app.accounts().authenticate("ada", PASSWORD)).isPresent();
        assertThat(ada.get("/").body()).contains(">ada</a>");
    }

    @Test
    void loginIsRateLimitedPerAccountWith429AndRetryAfter() throws Exception {
        server.app.accounts().createUser("ada", "ada@example.org", PASSWORD, false);
        WebClient attacker = new WebClient(server);
        String csrf = attacker.csrf("/login");
        int lastStatus = 0;
        HttpResponse<String> response = null;
        for (int i = 0; i < 11; i++) {
            response = attacker.post("/login", Map.of("csrf", csrf, "username", "ADA", "password", "guess " + i));
            lastStatus = response.statusCode();
            if (i < 10) {
                assertThat(lastStatus).isEqualTo(401);
            }
        }
        assertThat(lastStatus).isEqualTo(429);
        assertThat(Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 600L);
        // the right password is refused too while the account is locked
        assertThat(attacker.post("/login", Map.of("csrf", csrf, "username", "ada", "password", PASSWORD))
                .statusCode()).isEqualTo(429);
    }

    @Test
    void theLoginLimitKeysOnTheCanonicalNameSoSpacesAndCaseGetNoFreshAttempts() throws Exception {
        server.app.accounts().createUser("bob", "bob@example.org", PASSWORD, false);
        WebClient attacker = new WebClient(server);
        String csrf = attacker.csrf("/login");
        for (int i = 0; i < 10; i++) {
            assertThat(attacker.post("/login", Map.of("csrf", csrf, "username", "bob", "password", "guess " + i))
                    .statusCode()).isEqualTo(401);
        }
        for (String variant : new String[] {"bob ", " BOB", "Bob\t"}) {
            assertThat(attacker.post("/login", Map.of("csrf", csrf, "username", variant, "password", "guess"))
                    .statusCode()).as(variant).isEqualTo(429);
        }
    }

    @Test
    void aGuessersLockDoesNotLockOutTheOwnerWhoLoggedInFromThisBrowserBefore() throws Exception {
        server.app.accounts().createUser("bob", "bob@example.org", PASSWORD, false);
        WebClient owner = new WebClient(server);
        assertThat(owner.login("bob", PASSWORD).statusCode()).isEqualTo(303);
        owner.post("/logout", Map.of("csrf", WebClient.csrfIn(owner.get("/").body())));
        WebClient attacker = new WebClient(server); // from the same address, even
        String csrf = attacker.csrf("/login");
        int status = 0;
        for (int i = 0; i < 12; i++) {
            status = attacker.post("/login", Map.of("csrf", csrf, "username", "bob", "password", "guess " + i))
                    .statusCode();
        }
        assertThat(status).isEqualTo(429);
        assertThat(owner.login("bob", PASSWORD).statusCode()).isEqualTo(303);
        // a device cookie made up by the attacker, or one signed for another account, earns no fresh attempts
        attacker.cookies.put("papers_device", owner.cookies.get("papers_device").replaceFirst("^.", "x"));
        assertThat(attacker.post("/login", Map.of("csrf", csrf, "username", "bob", "password", "guess"))
                .statusCode()).isEqualTo(429);
    }

    @Test
    void signUpIsRateLimitedPerAddress() throws Exception {
        WebClient visitor = new WebClient(server);
        String csrf = visitor.csrf("/signup");
        int status = 0;
        for (int i = 0; i < 11; i++) {
            status = visitor.post("/signup", Map.of("csrf", csrf, "username", "user" + i, "email", "bad" + i,
                    "password", PASSWORD)).statusCode();
        }
        assertThat(status).isEqualTo(429);
    }

    @Test
    void signUpIsRateLimitedPerEmailAddressWith429AndRetryAfter() throws Exception {
        String[] sameInbox = {"grace@example.org", "\"grace+x\"@Example.org", "grace+papers@example.org"};
        for (int i = 0; i < sameInbox.length; i++) {
            WebClient visitor = new WebClient(server);
            assertThat(visitor.post("/signup", Map.of("csrf", visitor.csrf("/signup"), "username", "grace" + i,
                    "email", sameInbox[i], "password", PASSWORD)).statusCode()).isEqualTo(303);
        }
        WebClient another = new WebClient(server);
        HttpResponse<String> refused = another.post("/signup", Map.of("csrf", another.csrf("/signup"),
                "username", "grace9", "email", " GRACE+again@example.org ", "password", PASSWORD));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
        assertThat(refused.body()).contains("Too many sign-ups with this email address");
        assertThat(server.app.accounts().findUser("grace9")).isEmpty();
        // Another address from the same place is still welcome.
        assertThat(another.post("/signup", Map.of("csrf", another.csrf("/signup"), "username", "hopper",
                "email", "hopper@example.org", "password", PASSWORD)).statusCode()).isEqualTo(303);
    }

    @Test
    void loginRotatesTheSessionAndTheOldOneStopsWorking() throws Exception {
        server.app.accounts().createUser("ada", "ada@example.org", PASSWORD, false);
        WebClient ada = new WebClient(server);
        ada.login("ada", PASSWORD);
        String first = ada.cookies.get(Auth.SESSION_COOKIE);
        assertThat(first).isNotBlank();
        ada.login("ada", PASSWORD);
        String second = ada.cookies.get(Auth.SESSION_COOKIE);
        assertThat(second).isNotBlank().isNotEqualTo(first);
        WebClient replay = new WebClient(server);
        replay.cookies.put(Auth.SESSION_COOKIE, first);
        assertThat(replay.get("/").body()).contains(">Log in<");
        assertThat(ada.get("/").body()).contains(">ada</a>");
    }

    @Test
    void logoutDeletesTheSessionServerSide() throws Exception {
        WebClient ada = new WebClient(server);
        ada.signup("ada", PASSWORD);
        String session = ada.cookies.get(Auth.SESSION_COOKIE);
        String csrf = WebClient.csrfIn(ada.get("/").body());
        HttpResponse<String> out = ada.post("/logout", Map.of("csrf", csrf));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(ada.cookies).doesNotContainKey(Auth.SESSION_COOKIE);
        WebClient stolen = new WebClient(server);
        stolen.cookies.put(Auth.SESSION_COOKIE, session);
        assertThat(stolen.get("/").body()).contains(">Log in<").doesNotContain(">ada</a>");
        assertThat(server.app.accounts().sessionCount(server.app.accounts().findUser("ada").orElseThrow().id()))
                .isZero();
    }

    @Test
    void aBannedUsersSessionStopsAtOnce() throws Exception {
        WebClient ada = new WebClient(server);
        ada.signup("ada", PASSWORD);
        assertThat(ada.get("/").body()).contains(">ada</a>");
        server.app.accounts().ban(server.app.accounts().findUser("ada").orElseThrow().id(), null);
        assertThat(ada.get("/").body()).contains(">Log in<").doesNotContain(">ada</a>");
        assertThat(ada.login("ada", PASSWORD).statusCode()).isEqualTo(401);
    }

    @Test
    void changingThePasswordKeepsThisSessionAndEndsOthers() throws Exception {
        WebClient here = new WebClient(server);
        here.signup("ada", PASSWORD);
        WebClient elsewhere = new WebClient(server);
        elsewhere.login("ada", PASSWORD);
        assertThat(new WebClient(server).get("/account/password").statusCode()).isEqualTo(303);
        HttpResponse<String> wrong = here.post("/account/password", Map.of("csrf", here.csrf("/account/password"),
                "current", "not it at all", "password", "brand new password"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("current password is not right");
        HttpResponse<String> done = here.post("/account/password", Map.of("csrf", here.csrf("/account/password"),
                "current", PASSWORD, "password", "brand new password"));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(here.get("/").body()).contains(">ada</a>");
        assertThat(elsewhere.get("/").body()).contains(">Log in<");
        assertThat(server.app.accounts().authenticate("ada", "brand new password")).isPresent();
    }

    @Test
    void tokensAreCreatedShownOnceListedAndRevokedFromTheWeb() throws Exception {
        assertThat(new WebClient(server).get("/account/tokens").statusCode()).isEqualTo(303);
        WebClient ada = new WebClient(server);
        ada.signup("ada", PASSWORD);
        String csrf = ada.csrf("/account/tokens");
        assertThat(ada.post("/account/tokens", Map.of("name", "laptop")).statusCode()).isEqualTo(403);
        HttpResponse<String> withoutPassword = ada.post("/account/tokens",
                Map.of("csrf", csrf, "name", "stolen session", "expires", ""));
        assertThat(withoutPassword.statusCode()).isEqualTo(400);
        assertThat(withoutPassword.body()).contains("password");
        assertThat(server.app.accounts().tokens(server.app.accounts().findUser("ada").orElseThrow().id())).isEmpty();
        HttpResponse<String> created = ada.post("/account/tokens",
                Map.of("csrf", csrf, "name", "<script>alert(1)</script>", "password", PASSWORD, "expires", "30"));
        assertThat(created.statusCode()).isEqualTo(200);
        String token = created.body().replaceAll("(?s).*<code class=\"new-token\">([^<]+)</code>.*", "$1");
        assertThat(token).startsWith("dp_");
        assertThat(created.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>alert");
        assertThat(server.app.accounts().userForToken(token)).isPresent();
        String listed = ada.get("/account/tokens").body();
        assertThat(listed).doesNotContain(token).contains("Revoke");
        assertThat(server.app.accounts().tokens(server.app.accounts().findUser("ada").orElseThrow().id()).getFirst()
                .expiresAt()).isNotNull();
        assertThat(listed).contains("<th>Expires</th>").contains("<th>Last used</th>");
        long id = server.app.accounts().tokens(server.app.accounts().findUser("ada").orElseThrow().id())
                .getFirst().id();
        // another user cannot revoke it
        WebClient bob = new WebClient(server);
        bob.signup("bob", PASSWORD);
        assertThat(bob.post("/account/tokens/revoke", Map.of("csrf", bob.csrf("/account/tokens"),
                "id", Long.toString(id))).statusCode()).isEqualTo(404);
        assertThat(bob.post("/account/tokens/revoke", Map.of("csrf", bob.csrf("/account/tokens"),
                "id", "1 OR 1=1")).statusCode()).isEqualTo(400);
        assertThat(server.app.accounts().userForToken(token)).isPresent();
        assertThat(ada.post("/account/tokens/revoke", Map.of("csrf", csrf, "id", Long.toString(id))).statusCode())
                .isEqualTo(303);
        assertThat(server.app.accounts().userForToken(token)).isEmpty();
        assertThat(ada.get("/account/tokens").body()).contains("revoked");
    }

    @Test
    void adminsBanFromTheWebAndEveryActionIsLogged() throws Exception {
        server.app.accounts().createUser("root", "root@example.org", PASSWORD, true);
        WebClient ada = new WebClient(server);
        ada.signup("ada", PASSWORD);
        assertThat(ada.get("/admin/users").statusCode()).isEqualTo(403);
        assertThat(new WebClient(server).get("/admin/users").statusCode()).isEqualTo(403);
        assertThat(ada.post("/admin/users/ban", Map.of("csrf", WebClient.csrfIn(ada.get("/").body()),
                "username", "root")).statusCode()).isEqualTo(403);

        WebClient root = new WebClient(server);
        root.login("root", PASSWORD);
        assertThat(ada.get("/").body()).doesNotContain("/admin/users");
        assertThat(root.get("/").body()).contains("href=\"/admin/users\">Admin</a>");
        String page = root.get("/admin/users").body();
        assertThat(page).contains("<td><a href=\"/users/ada\">ada</a></td>").contains("ada@example.org");
        String csrf = WebClient.csrfIn(page);
        assertThat(root.post("/admin/users/ban", Map.of("username", "ada")).statusCode()).isEqualTo(403);
        assertThat(root.post("/admin/users/ban", Map.of("csrf", csrf, "username", "ada")).statusCode())
                .isEqualTo(303);
        assertThat(ada.get("/").body()).contains(">Log in<"); // the ban ends ada's session at once
        assertThat(root.post("/admin/users/ban", Map.of("csrf", csrf, "username", "root")).statusCode())
                .isEqualTo(400);
        assertThat(root.post("/admin/users/ban", Map.of("csrf", csrf, "username", "' OR '1'='1")).statusCode())
                .isEqualTo(404);
        assertThat(root.get("/admin/users").body()).contains("root · ban ada"); // names, not user:N
        assertThat(server.app.accounts().auditLog(10)).extracting(e -> e.action()).containsExactly("ban");
        assertThat(root.post("/admin/users/unban", Map.of("csrf", csrf, "username", "ada")).statusCode())
                .isEqualTo(303);
        assertThat(ada.login("ada", PASSWORD).statusCode()).isEqualTo(303);
    }
}
