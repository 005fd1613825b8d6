package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import papers.support.ServerPerClass;
import papers.support.TestServer;
import papers.support.WebClient;

/**
 * A visitor's upvote, comment, follow or claim meets a login page that says why, keeps what they sent, and finishes
 * it once they log in or sign up, back on the page they were on.
 */
class SignInWallTest {

    static final String PASSWORD = "correct horse battery";
    static final String PAPER = "2405.15738";
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    @RegisterExtension
    static final ServerPerClass SERVER =
            ServerPerClass.sqlite(s -> s.importing("hf-daily", "hf-daily-papers-2024-05-27.json"));

    private final TestServer server = SERVER.get();
    /** Each test's own account: the log-in limits count per account and address. */
    private final String ada = SERVER.name("ada");

    @BeforeEach
    void account() {
        server.user(ada, false);
    }

    /** The hidden fields of the page's form (the CSRF token and what the wall keeps), HTML entities decoded. */
    private static Map<String, String> hidden(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            fields.put(m.group(1), m.group(2).replace("&#34;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                    .replace("&gt;", ">").replace("&amp;", "&"));
        }
        return fields;
    }

    private int upvotes() {
        return server.store.find(PAPER).orElseThrow().upvotes();
    }

    @Test
    void aVisitorsUpvoteAsksToLogInThenCountsAndGoesBackToTheCard() throws Exception {
        WebClient visitor = new WebClient(server);
        visitor.get("/papers/date/2024-05-27");
        HttpResponse<String> wall = visitor.post("/upvote", Map.of("csrf", "", "paper", PAPER),
                "Referer", server.url("/papers/date/2024-05-27"));
        assertThat(wall.statusCode()).isEqualTo(200);
        assertThat(wall.body()).contains("<h1>Log in</h1>").contains("Log in to upvote.");
        int before = upvotes();

        Map<String, String> form = hidden(wall.body());
        assertThat(form).containsEntry("then", "/upvote").containsEntry("then_paper", PAPER)
                .containsEntry("next", "/papers/date/2024-05-27");
        form.put("username", ada);
        form.put("password", PASSWORD);
        HttpResponse<String> in = visitor.post("/login", form);
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Location")).hasValue("/papers/date/2024-05-27#p-" + PAPER);
        assertThat(upvotes()).isEqualTo(before + 1);

        // Clicking ▲ again as a visitor on another device never takes the vote away: it is an upvote, not a toggle.
        WebClient again = new WebClient(server);
        Map<String, String> second = hidden(again.post("/upvote", Map.of("csrf", "", "paper", PAPER)).body());
        second.put("username", ada);
        second.put("password", PASSWORD);
        assertThat(again.post("/login", second).headers().firstValue("Location")).hasValue("/papers/" + PAPER + "#p-" + PAPER);
        assertThat(upvotes()).isEqualTo(before + 1);
    }

    @Test
    void aCommentTypedBeforeSigningUpIsPostedAfter() throws Exception {
        WebClient visitor = new WebClient(server);
        String text = "Does the \"merge\" step <b>keep</b> the LoRA ranks?";
        HttpResponse<String> wall = visitor.post("/comments", Map.of("csrf", "", "paper", PAPER, "text", text),
                "Referer", server.url("/papers/" + PAPER));
        assertThat(wall.body()).contains("Log in to comment.").contains("Your comment is kept");
        assertThat(wall.body()).doesNotContain("<b>keep</b>"); // kept escaped in the hidden field
        Map<String, String> kept = hidden(wall.body());
        assertThat(kept).containsEntry("then_text", text);

        // The login page's "Sign up" link carries the action to the sign-up form.
        Matcher link = Pattern.compile("href=\"(/signup\\?[^\"]+)\"").matcher(wall.body());
        assertThat(link.find()).isTrue();
        String signupPage = visitor.get(link.group(1).replace("&amp;", "&")).body();
        assertThat(signupPage).contains("<h1>Sign up</h1>").contains("Log in to comment.");
        Map<String, String> form = hidden(signupPage);
        assertThat(form).containsEntry("then_text", text).containsEntry("then", "/comments");
        form.put("username", "newcomer");
        form.put("email", "newcomer@example.org");
        form.put("password", PASSWORD);
        HttpResponse<String> in = visitor.post("/signup", form);
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Location").orElseThrow()).matches("/papers/" + PAPER + "#c\\d+");
        assertThat(visitor.get("/papers/" + PAPER).body())
                .contains("Does the &quot;merge&quot; step &lt;b&gt;keep&lt;/b&gt; the LoRA ranks?")
                .contains("href=\"/users/newcomer\"");
    }

    @Test
    void followAndClaimAreFinishedToo() throws Exception {
        WebClient visitor = new WebClient(server);
        String author = server.store.find(PAPER).orElseThrow().authors().getFirst().name();
        String page = ListView.authorHref(author);
        Map<String, String> follow = hidden(visitor.post("/follow", Map.of("csrf", "", "kind", "author",
                "target", author, "on", "1"), "Referer", server.url(page)).body());
        follow.put("username", ada);
        follow.put("password", PASSWORD);
        assertThat(visitor.post("/login", follow).headers().firstValue("Location")).hasValue(page);
        assertThat(visitor.get(page).body()).contains("aria-pressed=\"true\">Unfollow");

        WebClient other = new WebClient(server);
        HttpResponse<String> wall = other.post("/claims", Map.of("csrf", "", "paper", PAPER, "position", "0"));
        assertThat(wall.body()).contains("Log in to claim your author entry.");
        Map<String, String> claim = hidden(wall.body());
        claim.put("username", ada);
        claim.put("password", PASSWORD);
        HttpResponse<String> sent = other.post("/login", claim);
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body()).contains("<h1>Claim sent</h1>");
    }

    @Test
    void pagesBehindALoginComeBackButNeverToAnotherSite() throws Exception {
        WebClient visitor = new WebClient(server);
        HttpResponse<String> my = visitor.get("/my");
        assertThat(my.headers().firstValue("Location")).hasValue("/login?next=%2Fmy");
        String login = visitor.get("/login?next=%2Fmy").body();
        assertThat(hidden(login)).containsEntry("next", "/my");
        assertThat(visitor.login(ada, PASSWORD).headers().firstValue("Location")).hasValue("/");
        for (String evil : new String[] {"https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"}) {
            WebClient v = new WebClient(server);
            String page = v.get("/login?next=" + java.net.URLEncoder.encode(evil, java.nio.charset.StandardCharsets.UTF_8)).body();
            assertThat(hidden(page)).as(evil).doesNotContainKey("next");
            Map<String, String> form = hidden(page);
            form.put("username", ada);
            form.put("password", PASSWORD);
            form.put("next", evil); // even when posted by hand
            assertThat(v.post("/login", form).headers().firstValue("Location")).as(evil).hasValue("/");
        }
    }

    @Test
    void signingUpWithNothingPendingSaysWelcome() throws Exception {
        WebClient visitor = new WebClient(server);
        HttpResponse<String> r = visitor.signup("bea", PASSWORD);
        assertThat(r.headers().firstValue("Location")).hasValue("/welcome");
        assertThat(visitor.get("/welcome").body()).contains("<h1>Welcome, bea</h1>");
        assertThat(new WebClient(server).get("/welcome").headers().firstValue("Location")).hasValue("/login?next=%2Fwelcome");
    }

    @Test
    void withoutMailThereIsNoSubscribeBoxAndTheAccountSaysSo() throws Exception {
        WebClient visitor = new WebClient(server);
        assertThat(visitor.get("/").body()).doesNotContain("class=\"subscribe\"").doesNotContain("action=\"/subscribe\"");
        assertThat(visitor.get("/account/digest").headers().firstValue("Location"))
                .hasValue("/login?next=%2Faccount%2Fdigest");
        visitor.login(ada, PASSWORD);
        assertThat(visitor.get("/account/password").body()).contains("href=\"/account/digest\"");
        assertThat(visitor.get("/account/digest").body()).contains("This server sends no email");
    }
}
