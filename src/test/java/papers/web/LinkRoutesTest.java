package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import papers.community.User;
import papers.support.ServerPerClass;
import papers.support.TestServer;
import papers.support.WebClient;

/** A paper's verified authors (and its submitter here) set its code and project links; nobody else can. */
class LinkRoutesTest {

    static final String PAPER = "2405.15738";

    @RegisterExtension
    static final ServerPerClass SERVER =
            ServerPerClass.sqlite(s -> s.importing("hf-daily", "hf-daily-papers-2024-05-27.json"));

    private final TestServer server = SERVER.get();

    @Test
    void aVerifiedAuthorSetsTheLinksAndOthersAreRefused() throws Exception {
        String authorName = SERVER.name("chunjiang");
        WebClient author = server.signedIn(authorName);
        WebClient stranger = server.signedIn(SERVER.name("stranger"));
        String before = server.store.find(PAPER).orElseThrow().githubRepo();

        String csrf = WebClient.csrfIn(stranger.get("/papers/" + PAPER).body());
        HttpResponse<String> refused = stranger.post("/papers/links", Map.of("csrf", csrf, "paper", PAPER,
                "code", "https://github.com/evil/repo", "project", ""));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Only the member who submitted this paper here and its verified authors");
        assertThat(server.store.find(PAPER).orElseThrow().githubRepo()).isEqualTo(before);

        long admin = server.user(SERVER.name("admin"), true);
        User chunjiang = server.app.accounts().findUser(authorName).orElseThrow();
        long claim = server.app.claims().claim(chunjiang.id(), PAPER, 0).orElseThrow().id();
        assertThat(server.app.claims().approve(claim, admin)).isTrue();

        String mine = WebClient.csrfIn(author.get("/papers/" + PAPER).body());
        for (String bad : new String[] {"javascript:alert(1)", "github.com/no-scheme", "https://x y.org", "ftp://h.org/r"}) {
            HttpResponse<String> r = author.post("/papers/links", Map.of("csrf", mine, "paper", PAPER, "code", bad,
                    "project", ""));
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(author.post("/papers/links", Map.of("csrf", mine, "paper", PAPER, "code", "", "project", ""))
                .statusCode()).isEqualTo(400);
        long changesBefore = server.store.lastChange();
        HttpResponse<String> saved = author.post("/papers/links", Map.of("csrf", mine, "paper", PAPER,
                "code", "https://github.com/alibaba/conv-llava", "project", "https://conv-llava.github.io/"));
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue("/papers/" + PAPER);
        var paper = server.store.find(PAPER).orElseThrow();
        assertThat(paper.githubRepo()).isEqualTo("https://github.com/alibaba/conv-llava");
        assertThat(paper.projectPage()).isEqualTo("https://conv-llava.github.io/");
        assertThat(paper.githubRepoAddedBy()).as("Hugging Face's word for a link a member set").isEqualTo("user");
        assertThat(paper.githubStars()).as("another repository's stars are not this one's").isNull();
        assertThat(server.store.lastChange()).as("one change-log row, for the index and caches")
                .isEqualTo(changesBefore + 1);
        assertThat(new WebClient(server).get("/papers/" + PAPER).body())
                .contains("href=\"https://conv-llava.github.io/\" rel=\"nofollow\"");
        author.post("/papers/links", Map.of("csrf", mine, "paper", PAPER, "code", "", "project",
                "https://conv-llava.example.org/"));
        assertThat(server.store.find(PAPER).orElseThrow().githubRepo()).as("an empty field keeps the link")
                .isEqualTo("https://github.com/alibaba/conv-llava");
    }

    @Test
    void aVisitorIsAskedToLogInWithTheLinksKept() throws Exception {
        WebClient visitor = new WebClient(server);
        HttpResponse<String> wall = visitor.post("/papers/links", Map.of("csrf", "", "paper", PAPER,
                "code", "https://github.com/alibaba/conv-llava", "project", ""));
        assertThat(wall.statusCode()).isEqualTo(200);
        assertThat(wall.body()).contains("Log in to edit the paper's links.")
                .contains("name=\"then_code\" value=\"https://github.com/alibaba/conv-llava\"");
    }
}
