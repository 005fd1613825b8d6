package papers.search;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * Which candidates are relevant, cut before they are sorted by date or upvotes and not counted: a paper holding at
 * least the floor's share of the query's words ({@link Coverage}), or one whose vector is at least
 * {@value #RELEVANT_COSINE} close; vector candidates under {@value #MIN_HYBRID_COSINE} are not candidates at all.
 * For "speculative decoding" sorted by upvotes, popular papers that only say "decoding" are left out.
 */
final class RelevanceFloor {

    private RelevanceFloor() {
    }

    /**
     * Vector candidates less similar than this (cosine) are left out of hybrid results: the nearest neighbours of
     * gibberish are still "nearest", and a query matching nothing should say so rather than list random papers.
     */
    static final float MIN_HYBRID_COSINE = 0.25f;
    /**
     * A vector candidate at least this close (cosine) counts as relevant whatever its words: with all-MiniLM-L6-v2,
     * related texts score about 0.5 and unrelated ones near 0 (see ../shared/STACK.md).
     */
    static final float RELEVANT_COSINE = 0.5f;

    /** Lucene scores a dot product d as (1 + d) / 2: the score of a vector hit at {@code cosine}. */
    static float vectorScore(float cosine) {
        return (1 + cosine) / 2;
    }

    /** Whether a candidate holding {@code coverage} of the words, its vector scoring {@code vectorScore}, is kept. */
    static boolean keeps(float coverage, float floor, float vectorScore) {
        return coverage >= floor || vectorScore >= vectorScore(RELEVANT_COSINE);
    }

    /** Drops vector hits under {@link #MIN_HYBRID_COSINE}. */
    static TopDocs withoutWeak(TopDocs vec) {
        float min = vectorScore(MIN_HYBRID_COSINE);
        ScoreDoc[] kept = Arrays.stream(vec.scoreDocs).filter(d -> d.score >= min).toArray(ScoreDoc[]::new);
        return new TopDocs(vec.totalHits, kept);
    }

    /**
     * The lexical candidates {@code found} that hold enough of the query's words, in their order; {@code known}: the
     * coverage the second pass measured (see {@link Coverage#of(IndexSearcher, LexicalQueries.Built, Map, ScoreDoc[]...)}).
     */
    static List<ScoreDoc> lexical(IndexSearcher searcher, LexicalQueries.Built query, ScoreDoc[] found,
                                  Map<Integer, Float> known, Ranking r) throws IOException {
        Map<Integer, Float> coverage = Coverage.of(searcher, query, known, found);
        float floor = Coverage.floor(r.floor(), query);
        return Arrays.stream(found).filter(d -> coverage.get(d.doc) >= floor).toList();
    }

    /** {@code lex} and {@code vec} fused by {@code r}, best first, the candidates that are not relevant left out. */
    static List<ScoreDoc> hybrid(IndexSearcher searcher, LexicalQueries.Built query, LexicalQueries.Rescored lex,
                                 TopDocs vec, Ranking r) throws IOException {
        Map<Integer, Float> coverage = Coverage.of(searcher, query, lex.coverage(), lex.top().scoreDocs,
                vec.scoreDocs);
        Map<Integer, Float> vectorScores = new HashMap<>();
        Arrays.stream(vec.scoreDocs).forEach(d -> vectorScores.put(d.doc, d.score));
        float floor = Coverage.floor(r.floor(), query);
        return r.fusion().fuse(lex.top(), vec, r.vectorWeight()).stream()
                .filter(d -> keeps(coverage.get(d.doc), floor, vectorScores.getOrDefault(d.doc, 0f))).toList();
    }
}
