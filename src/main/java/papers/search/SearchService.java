package papers.search;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import papers.paper.ArxivId;
import papers.paper.EmbeddingStore;

/**
 * Search as the web pages, the API and the terminal use it: parses the text, embeds it when the query describes
 * content, and picks lexical, hybrid or sorted results. Bad input throws {@link IllegalArgumentException} with a
 * message fit to show (a 400).
 */
public final class SearchService {

    public static final int MAX_PAGE_SIZE = 120;
    private static final Executor embedding =
            SearchThreads.daemonPool("query-embedding", Math.max(1, Runtime.getRuntime().availableProcessors()));

    private final SearchIndex index;
    private final EmbeddingStore embeddings;
    private final Supplier<Embedder> embedder;
    private final Ranking ranking;
    /** Recent queries' vectors: the next page of a search, or the same search by many readers, embeds nothing. */
    private final Map<String, float[]> recentVectors;
    static final int RECENT_VECTORS = 2000;

    /** {@code embedder} is asked for the model on the first query that needs it (loading takes half a second). */
    public SearchService(SearchIndex index, EmbeddingStore embeddings, Supplier<Embedder> embedder) {
        this(index, embeddings, embedder, Ranking.SHIPPED, java.util.Collections.synchronizedMap(
                new java.util.LinkedHashMap<>(64, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                        return size() > RECENT_VECTORS;
                    }
                }));
    }

    private SearchService(SearchIndex index, EmbeddingStore embeddings, Supplier<Embedder> embedder, Ranking ranking,
                          Map<String, float[]> recentVectors) {
        this.index = index;
        this.embeddings = embeddings;
        this.embedder = embedder;
        this.ranking = ranking;
        this.recentVectors = recentVectors;
    }

    /** The same search with another ranking, sharing the recent query vectors (bench/search-eval compares them). */
    public SearchService withRanking(Ranking other) {
        return new SearchService(index, embeddings, embedder, other, recentVectors);
    }

    public Ranking ranking() {
        return ranking;
    }

    /**
     * One page of results (page from 1, size 1–{@value #MAX_PAGE_SIZE}). Relevance order fuses lexical and vector
     * results for descriptive queries; ids and fielded queries, and date or upvote order, are lexical.
     */
    public SearchResults search(String text, SearchFilters filters, SearchSort sort, int page, int size) {
        SearchQuery q = SearchQuery.parse(text);
        SearchFilters f = filters == null ? SearchFilters.none() : filters;
        SearchSort s = sort == null ? SearchSort.RELEVANCE : sort;
        if (s == SearchSort.RELEVANCE && q.wantsVectors()) {
            // The query is embedded on another core while the lexical candidates are found.
            String free = q.freeText();
            float[] known = recentVectors.get(free);
            CompletableFuture<float[]> vector = known != null ? CompletableFuture.completedFuture(known)
                    : CompletableFuture.supplyAsync(() -> {
                        float[] v = embedder.get().embedQuery(free);
                        recentVectors.put(free, v);
                        return v;
                    }, embedding);
            return index.hybrid(q, () -> join(vector), f, page, size, ranking);
        }
        return index.lexical(q, f, s, page, size, ranking);
    }

    private static float[] join(CompletableFuture<float[]> vector) {
        try {
            return vector.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * The papers nearest to a paper by embedding, best first, the paper itself left out; empty when the paper has no
     * embedding yet.
     *
     * @param idOrVersioned an arXiv id, with or without version, or an arxiv.org URL
     * @throws IllegalArgumentException when it is not an arXiv id or the limit is outside 1–120
     */
    public List<SearchHit> similar(String idOrVersioned, int limit) {
        String id = ArxivId.parse(idOrVersioned)
                .orElseThrow(() -> new IllegalArgumentException("not an arXiv id: '" + idOrVersioned + "'"))
                .id();
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE_SIZE + ", got " + limit);
        }
        float[] vector = embeddings.get(List.of(id)).get(id);
        if (vector == null) {
            return List.of();
        }
        return index.similar(id, vector, limit).hits();
    }

    /** The embedding of the paper, when stored. */
    public Optional<float[]> embeddingOf(String id) {
        return Optional.ofNullable(embeddings.get(List.of(id)).get(id));
    }

    public SearchIndex index() {
        return index;
    }
}
