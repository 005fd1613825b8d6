package papers.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.App;

/**
 * Re-scoring a query's parts under a ranking gives what the index's hybrid search gives under it: bench/search-eval
 * fits the knobs on {@link ScoreParts}, so a fit is only worth shipping if this holds (real model, fixture papers).
 */
class ScorePartsTest {

    @TempDir
    static Path home;
    static App app;

    @BeforeAll
    static void embedAndIndex() throws Exception {
        app = SearchFixtures.appWithPapers(home);
        app.searchParts().embeddingWorker().embedMissing(Progress.NONE);
        app.searchParts().indexFollower().rebuild(Progress.NONE);
    }

    @AfterAll
    static void close() {
        app.close();
    }

    static final Ranking WIDEST = new Ranking(Fusion.BLEND, 0, 1.5f, 2f, 1f, 1f, 1.3f, 0);

    @Test
    void reScoringAnyRankingInRangeMatchesTheHybridSearch() {
        List<Ranking> rankings = List.of(Ranking.SHIPPED, Ranking.SHIPPED.withFusion(Fusion.BLEND, 0.6f),
                Ranking.SHIPPED.withTitle(1f).withAuthor(0f), Ranking.SHIPPED.withStemmed(0.5f).withProximity(1f), Ranking.SHIPPED.withExact(0f).withStemmed(2f),
                Ranking.SHIPPED.withFusion(Fusion.BLEND, 0.1f).withFloor(0.3f));
        // Not vector weight 0: every vector-only candidate then scores exactly 0 and their order among the lexical
        // tail follows the float rounding of the lexical minimum.
        SearchIndex index = app.searchParts().index();
        int compared = 0;
        for (String text : List.of("mixture of experts routing", "dropping attention layers from a large language "
                + "model", "how do agents use tools", "shen attention layers", "kernel", "speculative decoding")) {
            SearchQuery q = SearchQuery.parse(text);
            float[] v = app.searchParts().embedder().embedQuery(q.freeText());
            ScoreParts parts = index.scoreParts(q, v, WIDEST);
            for (Ranking r : rankings) {
                List<String> searched = index.hybrid(q, () -> v, SearchFilters.none(), 1, 10, r).ids();
                List<String> reScored = parts.rank(r, 10);
                // The same papers; places may swap where two scores tie to the float's last bits (the search sums
                // its clauses in Lucene's order, the re-scoring as base + weight x part).
                assertThat(reScored).as("%s under %s", text, r).containsExactlyInAnyOrderElementsOf(searched);
                for (String id : searched) {
                    assertThat(Math.abs(reScored.indexOf(id) - searched.indexOf(id))).as("%s: place of %s", text, id)
                            .isLessThanOrEqualTo(1);
                }
                compared += searched.isEmpty() ? 0 : 1;
            }
        }
        assertThat(compared).as("rankings that found something").isGreaterThan(20);
    }

    @Test
    void onlyTheBlendIsReScored() {
        ScoreParts parts = app.searchParts().index().scoreParts(SearchQuery.parse("kernel"), null, WIDEST);
        assertThatThrownBy(() -> parts.rank(Ranking.SHIPPED.withFusion(Fusion.RRF, 0), 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
