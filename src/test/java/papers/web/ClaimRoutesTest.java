package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.community.Claim;
import papers.support.TestServer;
import papers.support.WebClient;

/** Claiming authorship from the paper page and the admins' review, with their security rules. */
class ClaimRoutesTest {

    static final String PASSWORD = FollowRoutesTest.PASSWORD;
    static final String PAPER = "2601.00001";
    static final String EVIL_PAPER = "2601.00002";
    static final String BADGE = "<a class=\"verified\" href=\"/users/ada\" title=\"Verified author: ada\">✓ ada</a>";

    @TempDir
    Path home;

    private TestServer server;
    private WebClient ada;
    private WebClient root;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.sqlite(home, Clock.systemUTC());
        server.with(List.of(FollowRoutesTest.paper(PAPER, 1, null, "Ada Lovelace", "Bob Babbage"),
                FollowRoutesTest.paper(EVIL_PAPER, 2, null, "Carol", FollowRoutesTest.EVIL)));
        ada = new WebClient(server);
        ada.signup("ada", PASSWORD);
        server.app.accounts().createUser("root", "root@example.org", PASSWORD, true);
        root = new WebClient(server);
        root.login("root", PASSWORD);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> claim(WebClient who, String paper, int position) throws Exception {
        String csrf = WebClient.csrfIn(who.get("/papers/" + paper).body());
        return who.post("/claims", Map.of("csrf", csrf, "paper", paper, "position", Integer.toString(position)));
    }

    private Claim only() {
        List<Claim> pending = server.app.claims().withStatus(Claim.Status.PENDING, 10);
        assertThat(pending).hasSize(1);
        return pending.getFirst();
    }

    private HttpResponse<String> decide(WebClient who, String action, long id) throws Exception {
        String csrf = WebClient.csrfIn(who.get("/").body());
        return who.post("/admin/claims/" + action, Map.of("csrf", csrf, "id", Long.toString(id)));
    }

    @Test
    void aClaimFromThePageWaitsForReviewAndDuplicatesAreRefusedWithAMessage() throws Exception {
        String page = ada.get("/papers/" + PAPER).body();
        assertThat(page).contains("action=\"/claims\"").contains("name=\"position\" value=\"0\">Claim: Ada Lovelace")
                .contains("name=\"position\" value=\"1\">Claim: Bob Babbage");
        HttpResponse<String> sent = claim(ada, PAPER, 0);
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body()).contains("Claim sent").contains("Ada Lovelace").contains("An admin will review it");
        Claim c = only();
        assertThat(c.username()).isEqualTo("ada");
        assertThat(c.authorPosition()).isZero();
        HttpResponse<String> again = claim(ada, PAPER, 1);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("You have already claimed an author entry of this paper");
        WebClient bob = new WebClient(server);
        bob.signup("bob", PASSWORD);
        HttpResponse<String> taken = claim(bob, PAPER, 0);
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("Someone else has claimed this author entry");
        assertThat(claim(bob, PAPER, 2).statusCode()).as("no third author").isEqualTo(409);
        assertThat(only().id()).isEqualTo(c.id());
        String csrf = WebClient.csrfIn(bob.get("/").body());
        assertThat(bob.post("/claims", Map.of("csrf", csrf, "paper", "2699.99999", "position", "0")).statusCode())
                .isEqualTo(404);
        assertThat(bob.post("/claims", Map.of("csrf", csrf, "paper", PAPER, "position", "1' OR 1=1")).statusCode())
                .isEqualTo(400);
        assertThat(bob.post("/claims", Map.of("csrf", csrf, "paper", "<script>", "position", "0")).statusCode())
                .isEqualTo(400);
    }

    @Test
    void claimsNeedTheCsrfTokenAndAnAccount() throws Exception {
        assertThat(ada.post("/claims", Map.of("paper", PAPER, "position", "0")).statusCode()).isEqualTo(403);
        assertThat(ada.post("/claims", Map.of("csrf", "forged", "paper", PAPER, "position", "0")).statusCode())
                .isEqualTo(403);
        HttpResponse<String> visitor = new WebClient(server).post("/claims", Map.of("csrf", "", "paper", PAPER,
                "position", "0"));
        assertThat(visitor.statusCode()).isEqualTo(200);
        assertThat(visitor.body()).contains("Log in to claim your author entry.");
        assertThat(server.app.claims().withStatus(Claim.Status.PENDING, 10)).isEmpty();
    }

    @Test
    void onlyAdminsReviewAndApprovalShowsTheBadgeAndTheProfileListsThePaper() throws Exception {
        claim(ada, PAPER, 0);
        long id = only().id();
        // Not an admin: 403 for the page and the actions, with a valid CSRF token too.
        assertThat(ada.get("/admin/claims").statusCode()).isEqualTo(403);
        assertThat(new WebClient(server).get("/admin/claims").statusCode()).isEqualTo(403);
        assertThat(decide(ada, "approve", id).statusCode()).isEqualTo(403);
        assertThat(decide(ada, "reject", id).statusCode()).isEqualTo(403);
        assertThat(root.post("/admin/claims/approve", Map.of("id", Long.toString(id))).statusCode()).isEqualTo(403);
        assertThat(only().status()).isEqualTo(Claim.Status.PENDING);
        // The anonymous page is cached before the approval; the approval renews it.
        WebClient visitor = new WebClient(server);
        assertThat(visitor.get("/papers/" + PAPER).body()).doesNotContain("class=\"verified\"");
        String review = root.get("/admin/claims").body();
        assertThat(review).contains("Title " + PAPER).contains("1. Ada Lovelace").contains("/admin/claims/approve")
                .contains("href=\"/admin/claims\"");
        HttpResponse<String> approved = decide(root, "approve", id);
        assertThat(approved.statusCode()).isEqualTo(303);
        assertThat(approved.headers().firstValue("Location")).contains("/admin/claims");
        assertThat(decide(root, "approve", id).statusCode()).as("decided already").isEqualTo(404);
        assertThat(server.app.accounts().auditLog(1).getFirst().action()).isEqualTo("claim-approve");
        assertThat(root.get("/admin/users").body()).contains("claim-approve paper:" + PAPER);
        String page = visitor.get("/papers/" + PAPER).body();
        assertThat(page).contains(">Ada Lovelace</a> " + BADGE).doesNotContain("value=\"0\">Claim: Ada Lovelace")
                .contains("value=\"1\">Claim: Bob Babbage");
        String profile = visitor.get("/users/ada").body();
        assertThat(profile).contains("<h2>Papers</h2>").contains("Title " + PAPER);
        assertThat(visitor.get("/users/root").body()).contains("No papers claimed as author yet.");
        // Revoked: the badge and the profile entry go.
        String revoke = root.get("/admin/claims").body();
        assertThat(revoke).contains("Revoke");
        assertThat(decide(root, "reject", id).statusCode()).isEqualTo(303);
        assertThat(server.app.accounts().auditLog(1).getFirst().action()).isEqualTo("claim-revoke");
        assertThat(visitor.get("/papers/" + PAPER).body()).doesNotContain(BADGE);
        assertThat(visitor.get("/users/ada").body()).doesNotContain("Title " + PAPER);
    }

    @Test
    void rejectedClaimsShowNothingAndHostileNamesStayEscaped() throws Exception {
        assertThat(ada.get("/papers/" + EVIL_PAPER).body()).doesNotContain("<script>alert")
                .contains("Claim: &lt;script&gt;alert(1)&lt;/script&gt;");
        claim(ada, EVIL_PAPER, 1);
        long id = only().id();
        assertThat(root.get("/admin/claims").body()).doesNotContain("<script>alert")
                .contains("2. &lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(decide(root, "reject", id).statusCode()).isEqualTo(303);
        assertThat(server.app.accounts().auditLog(1).getFirst().action()).isEqualTo("claim-reject");
        assertThat(ada.get("/papers/" + EVIL_PAPER).body()).doesNotContain("class=\"verified\"");
        HttpResponse<String> again = claim(ada, EVIL_PAPER, 1);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("rejected");
        // Another user's claim on the entry is approved: the badge sits beside the escaped name.
        WebClient bob = new WebClient(server);
        bob.signup("bob", PASSWORD);
        claim(bob, EVIL_PAPER, 1);
        decide(root, "approve", only().id());
        String page = new WebClient(server).get("/papers/" + EVIL_PAPER).body();
        assertThat(page).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)&lt;/script&gt;\" onmouseover=\"x</a> "
                + "<a class=\"verified\" href=\"/users/bob\"");
        assertThat(bob.get("/users/bob").body()).contains("Title " + EVIL_PAPER);
    }
}
