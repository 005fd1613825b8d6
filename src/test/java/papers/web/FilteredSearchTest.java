package papers.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.paper.Paper;
import papers.support.TestServer;

/**
 * A filtered search filters inside the index: 130 vision papers about transformers outrank three language papers
 * that mention transformers once, so the language papers are below the best 120 (the most one page of results
 * holds); filtered by their category or by code, the search still finds all three and counts them.
 */
class FilteredSearchTest {

    static final List<String> LANGUAGE = List.of("2603.09001", "2603.09002", "2603.09003");

    @TempDir
    Path home;
    TestServer server;

    @BeforeEach
    void start() {
        List<Paper> papers = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            papers.add(FilterRoutesTest.paper(String.format("2603.%05d", 10 + i), 5, "Transformer transformer vision "
                    + "transformer " + i, "Vee " + i, List.of("cs.CV"), null));
        }
        for (int i = 0; i < LANGUAGE.size(); i++) {
            Paper p = FilterRoutesTest.paper(LANGUAGE.get(i), 1, "Parsing sentences " + i, "Elle " + i,
                    List.of("cs.CL"), "https://github.com/l/" + i);
            papers.add(Paper.of(p.id(), 1, p.title(), "We parse long sentences of many languages with grammars, "
                            + "lexicons, treebanks and, in one step, a transformer; the rest is about parsing.",
                    p.authors(), p.publishedAt()).withListing(p.listedOn(), null)
                    .withLinks(p.githubRepo(), null, null).withArxivDetails(p.categories(), null, null, null));
        }
        server = TestServer.sqlite(home, Clock.systemUTC()).with(papers);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theLanguagePapersAreBelowTheBest120Unfiltered() throws Exception {
        List<String> best = FilterRoutesTest.apiIds(server.get("/api/papers/search?q=transformer&limit=120"));
        assertThat(best).hasSize(120).doesNotContainAnyElementsOf(LANGUAGE);
    }

    @Test
    void aCategoryFilteredSearchFindsAndCountsEveryPaperOfTheCategory() throws Exception {
        String page = server.get("/search?q=transformer&category=cs.CL").body();
        assertThat(ForYouRoutesTest.cards(page)).containsExactlyInAnyOrderElementsOf(LANGUAGE);
        assertThat(page).contains("3 papers, best match first");
        assertThat(FilterRoutesTest.apiIds(server.get("/api/papers/search?q=transformer&category=cs.CL")))
                .containsExactlyInAnyOrderElementsOf(LANGUAGE);
        assertThat(FilterRoutesTest.apiIds(server.get("/api/papers/search?q=transformer&has_code=true")))
                .containsExactlyInAnyOrderElementsOf(LANGUAGE);
        assertThat(ForYouRoutesTest.cards(server.get("/search?q=transformer&has_code=true&sort=date").body()))
                .containsExactlyInAnyOrderElementsOf(LANGUAGE);
    }

    @Test
    void aFilteredSearchPagesThroughEveryMatch() throws Exception {
        String first = server.get("/search?q=transformer&category=cs.CV").body();
        assertThat(ForYouRoutesTest.cards(first)).hasSize(SearchRoutes.PAGE_SIZE).doesNotContainAnyElementsOf(LANGUAGE);
        String last = server.get("/search?q=transformer&category=cs.CV&page=7").body();
        assertThat(last).contains("130 papers");
        assertThat(ForYouRoutesTest.cards(last)).hasSize(10).doesNotContainAnyElementsOf(LANGUAGE);
        assertThat(ForYouRoutesTest.cards(server.get("/search?q=transformer&category=math.AG").body())).isEmpty();
    }
}
