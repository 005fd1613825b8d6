package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.paper.Paper;
import papers.support.TestServer;
import papers.support.WebClient;

/**
 * Save everywhere, and the saved state on cached pages: list cards, search results, similar papers and the paper page
 * carry a Save form; a signed-in reader sees "Saved · Unsave" (and "Not interested · Undo") for their own papers,
 * filled in per viewer by {@link ViewerSlots} while the cached copy and visitors keep the plain forms.
 */
class SavedRoutesTest {

    static final String DAY = FilterRoutesTest.DAY;
    static final String SAVE = "action=\"/save\" data-look=\"link\"><input type=\"hidden\" name=\"csrf\" value=\"\">"
            + "<input type=\"hidden\" name=\"paper\" value=\"";
    static final String UNSAVE = "action=\"/unsave\" data-look=\"link\"><input type=\"hidden\" name=\"csrf\" value=\"";

    @TempDir
    Path home;
    TestServer server;

    @BeforeEach
    void start() {
        List<Paper> papers = List.of(
                FilterRoutesTest.paper("2603.00001", 40, "Transformer parsing", "Ada", List.of("cs.CL"), null),
                FilterRoutesTest.paper("2603.00002", 30, "Transformer tagging", "Bob", List.of("cs.CL"), null),
                FilterRoutesTest.paper("2603.00003", 20, "Transformer kernels", "Cy", List.of("cs.LG"), null));
        server = TestServer.sqlite(home, Clock.systemUTC()).with(papers);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < papers.size(); i++) { // the first two point the same way: each is the other's similar
            float[] v = new float[384];
            v[i == 1 ? 0 : i] = 1;
            v[383] = i == 1 ? 0.1f : 0;
            vectors.add(v);
        }
        server.app.embeddings().put(papers, vectors, server.store.lastChange());
        server.app.searchParts().indexFollower().addMissingVectors();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WebClient reader(String name) throws Exception {
        WebClient c = new WebClient(server);
        c.signup(name, "correct horse battery");
        return c;
    }

    @Test
    void searchResultsAndSimilarPapersHaveSaveButtonsLikeCardsAndThePaperPage() throws Exception {
        String search = server.get("/search?q=transformer").body();
        for (String id : List.of("2603.00001", "2603.00002", "2603.00003")) {
            assertThat(search).contains(SAVE + id + "\"");
            assertThat(search).contains("action=\"/dismiss\"><input type=\"hidden\" name=\"csrf\" value=\"\">"
                    + "<input type=\"hidden\" name=\"paper\" value=\"" + id + "\"");
        }
        String paper = server.get("/papers/2603.00001").body();
        assertThat(paper).contains("action=\"/save\" data-look=\"button\"><input type=\"hidden\" name=\"csrf\" "
                + "value=\"\"><input type=\"hidden\" name=\"paper\" value=\"2603.00001\"");
        String similar = paper.substring(paper.indexOf("id=\"similar\""), paper.indexOf("id=\"comments\""));
        assertThat(similar).contains("/papers/2603.00002").contains(SAVE + "2603.00002\"");
        assertThat(server.get("/papers/date/" + DAY).body()).contains(SAVE + "2603.00003\"");
    }

    @Test
    void aSignedInReaderSeesWhatTheySavedAndDismissedOnCachedPagesAndOthersDoNot() throws Exception {
        String path = "/papers/date/" + DAY;
        String visitorBefore = server.get(path).body(); // cached now
        WebClient ada = reader("ada");
        String csrf = WebClient.csrfIn(ada.get(path).body());
        assertThat(ada.post("/save", Map.of("csrf", csrf, "paper", "2603.00002")).statusCode()).isEqualTo(303);
        assertThat(ada.post("/dismiss", Map.of("csrf", csrf, "paper", "2603.00003")).statusCode()).isEqualTo(303);

        String list = ada.get(path).body();
        assertThat(list).contains(UNSAVE + csrf + "\"><input type=\"hidden\" name=\"paper\" value=\"2603.00002\">")
                .contains("Saved · Unsave")
                .contains("action=\"/undismiss\"><input type=\"hidden\" name=\"csrf\" value=\"" + csrf
                        + "\"><input type=\"hidden\" name=\"paper\" value=\"2603.00003\">")
                .contains("Not interested · Undo");
        assertThat(list).doesNotContain(SAVE + "2603.00002\"")
                .contains("name=\"paper\" value=\"2603.00001\"><button type=\"submit\" class=\"link\" "
                        + "aria-pressed=\"false\">Save</button>"); // the paper not saved keeps its Save button
        assertThat(ada.get("/papers/2603.00002").body()).contains("action=\"/unsave\" data-look=\"button\"")
                .contains("class=\"button secondary\" aria-pressed=\"true\"");
        assertThat(ada.get("/search?q=transformer").body()).contains(UNSAVE + csrf
                + "\"><input type=\"hidden\" name=\"paper\" value=\"2603.00002\">");
        String similar = ada.get("/papers/2603.00001").body();
        assertThat(similar.substring(similar.indexOf("id=\"similar\""))).contains("Saved · Unsave");
        assertThat(ada.get("/saved").body()).contains(UNSAVE + csrf + "\"><input type=\"hidden\" name=\"paper\" "
                + "value=\"2603.00002\">");

        HttpResponse<String> visitor = server.get(path); // the cached copy is untouched by Ada's view
        assertThat(visitor.body()).isEqualTo(visitorBefore).doesNotContain("Saved · Unsave")
                .contains(SAVE + "2603.00002\"");
        assertThat(visitor.headers().firstValue("Cache-Control").orElse("")).doesNotContain("private");
        assertThat(reader("bob").get(path).body()).doesNotContain("Saved · Unsave").doesNotContain("Undo");

        assertThat(ada.post("/unsave", Map.of("csrf", csrf, "paper", "2603.00002")).statusCode()).isEqualTo(303);
        assertThat(ada.post("/undismiss", Map.of("csrf", csrf, "paper", "2603.00003")).statusCode()).isEqualTo(303);
        assertThat(ada.get(path).body()).doesNotContain("Saved · Unsave").doesNotContain("Not interested · Undo");
    }
}
