package papers.search;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;

/**
 * The ways a query finds papers on one searcher of the index ({@link SearchIndex} lends it the searcher): lexically
 * in two passes ({@link LexicalQueries}), by vector (Lucene's kNN over the papers' embeddings), and both fused
 * ({@link Fusion}); then the relevance floor ({@link RelevanceFloor}) and the page a reader asked for
 * ({@link ResultPages}). How deep each side looks is decided here; the page asked for was checked by
 * {@link SearchIndex} before it took a searcher.
 */
final class Retrieval {

    /** Candidates each side contributes to a hybrid search (at least; deeper pages take more). */
    static final int HYBRID_CANDIDATES = 100;
    /**
     * How many of the first pass's best the second pass rescores ({@link LexicalQueries}): enough that a paper the
     * second pass would lift into the first {@value #HYBRID_CANDIDATES} is among them.
     */
    static final int RESCORED = 300;
    /** How many of the most relevant papers a search sorted by date or upvotes orders (the floor cuts first). */
    static final int SORTED_CANDIDATES = 1000;

    private final LexicalQueries queries;
    private final Highlighter highlighter;
    private final ResultPages pages;

    Retrieval(Analyzer analyzer) {
        this.queries = new LexicalQueries(analyzer);
        this.highlighter = new Highlighter(analyzer);
        this.pages = new ResultPages(highlighter);
    }

    /**
     * BM25 search with filters and sort; an arXiv id query returns just that paper (or nothing). Results under the
     * relevance floor ({@link RelevanceFloor}) are left out and not counted; date and upvote order sort the
     * {@value #SORTED_CANDIDATES} most relevant (an empty query sorts everything the filters keep).
     */
    SearchResults lexical(IndexSearcher searcher, SearchQuery q, SearchFilters f, SearchSort s, int page, int size,
                          Ranking r) throws IOException {
        int window = page * size;
        CharArraySet marks = q.isIdLookup() ? CharArraySet.EMPTY_SET : highlighter.marks(q);
        LexicalQueries.Built query = queries.build(q, f, r, searcher);
        if (q.isEmpty()) { // browsing by filters: everything they keep, counted
            TopDocs top = searcher.search(query.query(), window, ResultPages.sortOf(s), true);
            return pages.page(searcher, List.of(top.scoreDocs), top.totalHits.value(), marks, page, size);
        }
        // By relevance: the second pass ranks; by date or upvotes, what counts is which papers are relevant.
        LexicalQueries.Rescored found = s == SearchSort.RELEVANCE
                ? best(searcher, query, Math.max(HYBRID_CANDIDATES, window))
                : new LexicalQueries.Rescored(searcher.search(query.query(), SORTED_CANDIDATES), Map.of());
        List<ScoreDoc> relevant = RelevanceFloor.lexical(searcher, query, found.top().scoreDocs, found.coverage(), r);
        List<ScoreDoc> ordered = s == SearchSort.RELEVANCE ? relevant : ResultPages.sorted(searcher, relevant, s);
        return pages.page(searcher, ordered, ordered.size(), marks, page, size);
    }

    /** Nearest papers to {@code queryVector} by cosine, within the filters. */
    SearchResults vector(IndexSearcher searcher, float[] queryVector, SearchFilters f, int page, int size)
            throws IOException {
        int window = page * size;
        TopDocs top = searcher.search(knn(queryVector, window, f, null), window);
        return pages.page(searcher, List.of(top.scoreDocs), top.scoreDocs.length, CharArraySet.EMPTY_SET, page, size);
    }

    /** The nearest papers to a paper's vector, the paper itself left out. */
    SearchResults similar(IndexSearcher searcher, String id, float[] vector, int limit) throws IOException {
        TopDocs top = searcher.search(knn(vector, limit, SearchFilters.none(), id), limit);
        return pages.page(searcher, List.of(top.scoreDocs), top.scoreDocs.length, CharArraySet.EMPTY_SET, 1, limit);
    }

    /**
     * Lexical and vector candidates fused by relevance, the floor applied ({@link RelevanceFloor}). Ids, fielded
     * queries and a missing query vector go lexical only. The query vector is asked for only after the lexical
     * candidates are found: an embedding computed on another thread meanwhile costs no time of its own.
     */
    SearchResults hybrid(IndexSearcher searcher, SearchQuery q, Supplier<float[]> queryVector, SearchFilters f,
                         int page, int size, Ranking r) throws IOException {
        if (!q.wantsVectors()) {
            return lexical(searcher, q, f, SearchSort.RELEVANCE, page, size, r);
        }
        int window = Math.max(HYBRID_CANDIDATES, page * size);
        CharArraySet marks = highlighter.marks(q);
        LexicalQueries.Built query = queries.build(q, f, r, searcher);
        LexicalQueries.Rescored lex = best(searcher, query, window);
        float[] vector = queryVector.get();
        TopDocs vec = vector == null ? new TopDocs(lex.top().totalHits, new ScoreDoc[0])
                : RelevanceFloor.withoutWeak(searcher.search(knn(vector, window, f, null), window));
        List<ScoreDoc> fused = RelevanceFloor.hybrid(searcher, query, lex, vec, r);
        return pages.page(searcher, fused, fused.size(), marks, page, size);
    }

    /**
     * The parts of {@code q}'s relevance under any ranking, for re-scoring without searching again
     * ({@link ScoreParts}: {@code bench/search-eval fit}) with knobs up to {@code widest}'s; it scores every paper
     * the words match, so it is for evaluation corpora, not a large index.
     */
    ScoreParts scoreParts(IndexSearcher searcher, SearchQuery q, float[] vectorOrNull, Ranking widest)
            throws IOException {
        TopDocs vec = vectorOrNull == null ? new TopDocs(new TotalHits(0, TotalHits.Relation.EQUAL_TO),
                new ScoreDoc[0]) : RelevanceFloor.withoutWeak(searcher.search(knn(vectorOrNull,
                HYBRID_CANDIDATES, SearchFilters.none(), null), HYBRID_CANDIDATES));
        return ScoreParts.of(searcher, queries, q, vec, widest);
    }

    /** The {@code n} best lexical candidates, both passes applied (and their coverage, measured on the way). */
    private static LexicalQueries.Rescored best(IndexSearcher searcher, LexicalQueries.Built query, int n)
            throws IOException {
        return LexicalQueries.rescored(searcher, query, searcher.search(query.query(), Math.max(RESCORED, n)), n);
    }

    private static Query knn(float[] v, int k, SearchFilters f, String excludeId) {
        if (v == null || v.length != Embedder.DIMENSIONS) {
            throw new IllegalArgumentException("a query vector needs " + Embedder.DIMENSIONS + " dimensions");
        }
        BooleanQuery.Builder filter = new BooleanQuery.Builder();
        boolean any = LexicalQueries.addFilters(filter, f);
        if (excludeId != null) {
            filter.add(MatchAllDocsQuery.INSTANCE, BooleanClause.Occur.FILTER);
            filter.add(new TermQuery(new Term(PaperDocument.ID, excludeId)), BooleanClause.Occur.MUST_NOT);
            any = true;
        }
        return new KnnFloatVectorQuery(PaperDocument.VECTOR, v, k, any ? filter.build() : null);
    }
}
