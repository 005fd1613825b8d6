package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import papers.community.Claim;
import papers.support.ServerPerClass;
import papers.support.TestServer;
import papers.support.WebClient;

/** Claiming authorship from the paper page and the admins' review, with their security rules. */
class ClaimRoutesTest {

    private static final AtomicInteger PAPERS = new AtomicInteger();

    /** One server for the class: each test claims papers of its own, as readers and an admin of its own. */
    @RegisterExtension
    static final ServerPerClass SERVER = ServerPerClass.sqlite(s -> { });

    private final TestServer server = SERVER.get();
    private final String paper = String.format("2698.%05d", PAPERS.incrementAndGet());
    private final String evilPaper = String.format("2698.%05d", PAPERS.incrementAndGet());
    private final String adaName = SERVER.name("ada");
    private final String bobName = SERVER.name("bob");
    private final String rootName = SERVER.name("root");
    private final String badge = "<a class=\"verified\" href=\"/users/" + adaName + "\" title=\"Verified author: "
            + adaName + "\">✓ " + adaName + "</a>";
    private WebClient ada;
    private WebClient root;

    @BeforeEach
    void start() throws Exception {
        server.with(List.of(FollowRoutesTest.paper(paper, 1, null, "Ada Lovelace", "Bob Babbage"),
                FollowRoutesTest.paper(evilPaper, 2, null, "Carol", FollowRoutesTest.EVIL)));
        ada = server.signedIn(adaName);
        root = server.signedIn(server.user(rootName, true));
    }

    private HttpResponse<String> claim(WebClient who, String paper, int position) throws Exception {
        String csrf = WebClient.csrfIn(who.get("/papers/" + paper).body());
        return who.post("/claims", Map.of("csrf", csrf, "paper", paper, "position", Integer.toString(position)));
    }

    /** The one pending claim on this test's papers. */
    private Claim only() {
        List<Claim> pending = pending();
        assertThat(pending).hasSize(1);
        return pending.getFirst();
    }

    private List<Claim> pending() {
        return server.app.claims().withStatus(Claim.Status.PENDING, 1000).stream()
                .filter(c -> c.paperId().equals(paper) || c.paperId().equals(evilPaper)).toList();
    }

    private HttpResponse<String> decide(WebClient who, String action, long id) throws Exception {
        String csrf = WebClient.csrfIn(who.get("/").body());
        return who.post("/admin/claims/" + action, Map.of("csrf", csrf, "id", Long.toString(id)));
    }

    @Test
    void aClaimFromThePageWaitsForReviewAndDuplicatesAreRefusedWithAMessage() throws Exception {
        String page = ada.get("/papers/" + paper).body();
        assertThat(page).contains("action=\"/claims\"").contains("name=\"position\" value=\"0\">Claim: Ada Lovelace")
                .contains("name=\"position\" value=\"1\">Claim: Bob Babbage");
        HttpResponse<String> sent = claim(ada, paper, 0);
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.body()).contains("Claim sent").contains("Ada Lovelace").contains("An admin will review it");
        Claim c = only();
        assertThat(c.username()).isEqualTo(adaName);
        assertThat(c.authorPosition()).isZero();
        HttpResponse<String> again = claim(ada, paper, 1);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("You have already claimed an author entry of this paper");
        WebClient bob = server.signedIn(bobName);
        HttpResponse<String> taken = claim(bob, paper, 0);
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(taken.body()).contains("Someone else has claimed this author entry");
        assertThat(claim(bob, paper, 2).statusCode()).as("no third author").isEqualTo(409);
        assertThat(only().id()).isEqualTo(c.id());
        String csrf = WebClient.csrfIn(bob.get("/").body());
        assertThat(bob.post("/claims", Map.of("csrf", csrf, "paper", "2699.99999", "position", "0")).statusCode())
                .isEqualTo(404);
        assertThat(bob.post("/claims", Map.of("csrf", csrf, "paper", paper, "position", "1' OR 1=1")).statusCode())
                .isEqualTo(400);
        assertThat(bob.post("/claims", Map.of("csrf", csrf, "paper", "<script>", "position", "0")).statusCode())
                .isEqualTo(400);
    }

    @Test
    void claimsNeedTheCsrfTokenAndAnAccount() throws Exception {
        assertThat(ada.post("/claims", Map.of("paper", paper, "position", "0")).statusCode()).isEqualTo(403);
        assertThat(ada.post("/claims", Map.of("csrf", "forged", "paper", paper, "position", "0")).statusCode())
                .isEqualTo(403);
        HttpResponse<String> visitor = new WebClient(server).post("/claims", Map.of("csrf", "", "paper", paper,
                "position", "0"));
        assertThat(visitor.statusCode()).isEqualTo(200);
        assertThat(visitor.body()).contains("Log in to claim your author entry.");
        assertThat(pending()).isEmpty();
    }

    @Test
    void onlyAdminsReviewAndApprovalShowsTheBadgeAndTheProfileListsThePaper() throws Exception {
        claim(ada, paper, 0);
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
        assertThat(visitor.get("/papers/" + paper).body()).doesNotContain("class=\"verified\"");
        String review = root.get("/admin/claims").body();
        assertThat(review).contains("Title " + paper).contains("1. Ada Lovelace").contains("/admin/claims/approve")
                .contains("href=\"/admin/claims\"");
        HttpResponse<String> approved = decide(root, "approve", id);
        assertThat(approved.statusCode()).isEqualTo(303);
        assertThat(approved.headers().firstValue("Location")).contains("/admin/claims");
        assertThat(decide(root, "approve", id).statusCode()).as("decided already").isEqualTo(404);
        assertThat(server.app.accounts().auditLog(1).getFirst().action()).isEqualTo("claim-approve");
        assertThat(root.get("/admin/users").body()).contains("claim-approve paper:" + paper);
        String page = visitor.get("/papers/" + paper).body();
        assertThat(page).contains(">Ada Lovelace</a> " + badge).doesNotContain("value=\"0\">Claim: Ada Lovelace")
                .contains("value=\"1\">Claim: Bob Babbage");
        String profile = visitor.get("/users/" + adaName).body();
        assertThat(profile).contains("<h2>Papers</h2>").contains("Title " + paper);
        assertThat(visitor.get("/users/" + rootName).body()).contains("No papers claimed as author yet.");
        // Revoked: the badge and the profile entry go.
        String revoke = root.get("/admin/claims").body();
        assertThat(revoke).contains("Revoke");
        assertThat(decide(root, "reject", id).statusCode()).isEqualTo(303);
        assertThat(server.app.accounts().auditLog(1).getFirst().action()).isEqualTo("claim-revoke");
        assertThat(visitor.get("/papers/" + paper).body()).doesNotContain(badge);
        assertThat(visitor.get("/users/" + adaName).body()).doesNotContain("Title " + paper);
    }

    @Test
    void rejectedClaimsShowNothingAndHostileNamesStayEscaped() throws Exception {
        assertThat(ada.get("/papers/" + evilPaper).body()).doesNotContain("<script>alert")
                .contains("Claim: &lt;script&gt;alert(1)&lt;/script&gt;");
        claim(ada, evilPaper, 1);
        long id = only().id();
        assertThat(root.get("/admin/claims").body()).doesNotContain("<script>alert")
                .contains("2. &lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(decide(root, "reject", id).statusCode()).isEqualTo(303);
        assertThat(server.app.accounts().auditLog(1).getFirst().action()).isEqualTo("claim-reject");
        assertThat(ada.get("/papers/" + evilPaper).body()).doesNotContain("class=\"verified\"");
        HttpResponse<String> again = claim(ada, evilPaper, 1);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("rejected");
        // Another user's claim on the entry is approved: the badge sits beside the escaped name.
        WebClient bob = server.signedIn(bobName);
        claim(bob, evilPaper, 1);
        decide(root, "approve", only().id());
        String page = new WebClient(server).get("/papers/" + evilPaper).body();
        assertThat(page).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)&lt;/script&gt;\" onmouseover=\"x</a> "
                + "<a class=\"verified\" href=\"/users/" + bobName + "\"");
        assertThat(bob.get("/users/" + bobName).body()).contains("Title " + evilPaper);
    }
}
