package papers.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.paper.Author;
import papers.paper.Paper;

/**
 * The list filters inside the index: {@code category} and {@code hasCode} keep papers, a reader's mutes
 * ({@link SearchFilters.Excluded}) leave papers out, in lexical and vector search alike.
 */
class SearchFiltersIndexTest {

    @TempDir
    Path dir;
    SearchIndex index;

    static Paper paper(String id, String title, String author, List<String> categories, String repo) {
        return Paper.of(id, 1, title, "A study of " + title.toLowerCase() + ".", List.of(Author.named(author)),
                        Instant.parse("2026-03-01T10:00:00Z"))
                .withListing(LocalDate.parse("2026-03-02"), null)
                .withLinks(repo, null, null)
                .withArxivDetails(categories, null, null, null);
    }

    static float[] axis(int i) {
        float[] v = new float[Embedder.DIMENSIONS];
        v[0] = 1;
        v[1 + i] = 0.1f * (i + 1); // all near the query direction, the first nearest
        float norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        for (int k = 0; k < v.length; k++) {
            v[k] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    @BeforeEach
    void build() {
        index = SearchIndex.open(dir);
        index.put(paper("2603.00001", "Graph parsing", "Ada Lovelace", List.of("cs.CL"), "https://github.com/a/a"),
                axis(0));
        index.put(paper("2603.00002", "Graph vision", "Bob Stone", List.of("cs.CV", "cs.LG"), null), axis(1));
        index.put(paper("2603.00003", "Self-supervised graph learning", "Cy Young", List.of("cs.LG"), null), axis(2));
        index.commit();
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    private List<String> lexical(SearchFilters f) {
        return index.lexical(SearchQuery.parse("graph"), f, SearchSort.RELEVANCE, 1, 10).ids();
    }

    private List<String> vector(SearchFilters f) {
        float[] q = new float[Embedder.DIMENSIONS];
        q[0] = 1;
        return index.vector(q, f, 1, 10).ids();
    }

    @Test
    void categoryAndCodeKeepOnlyMatchingPapers() {
        SearchFilters none = SearchFilters.none();
        assertThat(lexical(none)).containsExactlyInAnyOrder("2603.00001", "2603.00002", "2603.00003");
        assertThat(lexical(none.withPaperFilter("cs.LG", false))).containsExactlyInAnyOrder("2603.00002", "2603.00003");
        assertThat(lexical(none.withPaperFilter(null, true))).containsExactly("2603.00001");
        assertThat(lexical(none.withPaperFilter("cs.CL", true))).containsExactly("2603.00001");
        assertThat(lexical(none.withPaperFilter("math.AG", false))).isEmpty();
        assertThat(vector(none.withPaperFilter("cs.LG", false))).containsExactly("2603.00002", "2603.00003");
        assertThat(index.lexical(SearchQuery.all(), none.withPaperFilter("cs.LG", false), SearchSort.DATE, 1, 10)
                .total()).isEqualTo(2);
    }

    @Test
    void mutedWordsCategoriesAndAuthorsAreLeftOut() {
        SearchFilters none = SearchFilters.none();
        var words = new SearchFilters.Excluded(Set.of("self-supervised"), Set.of(), Set.of());
        assertThat(lexical(none.excluding(words))).containsExactlyInAnyOrder("2603.00001", "2603.00002");
        var vision = new SearchFilters.Excluded(Set.of("vision"), Set.of(), Set.of());
        assertThat(vector(none.excluding(vision))).containsExactly("2603.00001", "2603.00003");
        var categories = new SearchFilters.Excluded(Set.of(), Set.of("cs.LG"), Set.of());
        assertThat(lexical(none.excluding(categories))).containsExactly("2603.00001");
        var authors = new SearchFilters.Excluded(Set.of(), Set.of(), Set.of("Ada Lovelace"));
        assertThat(lexical(none.excluding(authors))).containsExactlyInAnyOrder("2603.00002", "2603.00003");
        var partOfAName = new SearchFilters.Excluded(Set.of(), Set.of(), Set.of("Ada"));
        assertThat(lexical(none.excluding(partOfAName))).hasSize(3); // an author is muted by the whole name
        assertThat(none.excluding(authors).isNone()).isFalse();
    }
}
