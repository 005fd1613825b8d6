package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.support.FixtureServer;
import papers.support.Fixtures;
import papers.support.TestServer;
import papers.support.TestStores;
import papers.support.WebClient;

/** /papers/{id}.md and Accept: text/markdown: the whole text once fetched from arXiv's HTML version, else the abstract. */
class PaperMarkdownRoutesTest {

    static final String PAPER = "2405.15738";

    @TempDir
    Path home;

    @Test
    void markdownIsTheFullTextOnceFetchedAndTheAbstractBefore() throws Exception {
        byte[] page = Files.readAllBytes(Fixtures.path("arxiv-html-latexml-sample.html"));
        try (FixtureServer arxiv = new FixtureServer(uri -> FixtureServer.Answer.ok(page))) {
            Map<String, String> env = TestStores.sqlite(home);
            env.put("PAPERS_ARXIV_SITE_URL", arxiv.url("/"));
            env.put("PAPERS_ARXIV_DELAY_MS", "0");
            try (TestServer server = new TestServer(papers.Config.from(env), Clock.systemUTC())
                    .importing("hf-daily", "hf-daily-papers-2024-05-27.json")) {
                WebClient client = new WebClient(server);
                HttpResponse<String> before = client.get("/papers/" + PAPER + ".md");
                assertThat(before.statusCode()).isEqualTo(200);
                assertThat(before.headers().firstValue("Content-Type")).hasValue("text/markdown; charset=utf-8");
                assertThat(before.body()).startsWith("# ConvLLaVA").contains("## Abstract\n\nHigh-resolution Large")
                        .doesNotContain("## 1 Introduction");
                assertThat(arxiv.requests()).isEmpty(); // the fetcher is not started in tests: nothing asked

                assertThat(server.app.fullText().fetch(PAPER)).isTrue();
                String full = client.get("/papers/" + PAPER + ".md").body();
                assertThat(full).startsWith("# ConvLLaVA").contains("**Authors:**").contains("## 1 Introduction")
                        .contains("$\\mathcal{O}(n^{2})$");
                assertThat(arxiv.requests()).containsExactly("/html/" + PAPER);

                HttpResponse<String> negotiated = client.get("/papers/" + PAPER, "Accept", "text/markdown");
                assertThat(negotiated.body()).isEqualTo(full);
                assertThat(negotiated.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Accept"));
                HttpResponse<String> browser = client.get("/papers/" + PAPER,
                        "Accept", "text/html,application/xhtml+xml,text/markdown;q=0.5");
                assertThat(browser.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
                assertThat(client.get("/papers/2405.99999.md").statusCode()).isEqualTo(404);
            }
        }
    }
}
