package papers.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/**
 * How hybrid search merges its lexical and vector lists. {@link #BLEND} adds min-max normalised scores, a weight on
 * the vector side (fitted on bench/search-eval, see {@link Ranking}); {@link #RRF} is Lucene's reciprocal rank fusion
 * (k = 60), kept for that comparison. Both return the fused list best first, the best scoring 1 or less.
 */
public enum Fusion {
    BLEND, RRF;

    /** The fused list of {@code lex} and {@code vec}; {@code weight} is the vector's share for {@link #BLEND}. */
    List<ScoreDoc> fuse(TopDocs lex, TopDocs vec, float weight) {
        if (this == RRF) {
            int n = lex.scoreDocs.length + vec.scoreDocs.length;
            return n == 0 ? List.of() : List.of(TopDocs.rrf(n, 60, new TopDocs[] {lex, vec}).scoreDocs);
        }
        Map<Integer, Float> scores = new LinkedHashMap<>();
        addNormalised(scores, lex.scoreDocs, 1 - weight);
        addNormalised(scores, vec.scoreDocs, weight);
        List<ScoreDoc> out = new ArrayList<>(scores.size());
        scores.forEach((doc, score) -> out.add(new ScoreDoc(doc, score)));
        out.sort(Comparator.comparingDouble((ScoreDoc d) -> -d.score).thenComparingInt(d -> d.doc));
        return out;
    }

    /** Adds {@code share} × the min-max normalised score of each hit (a single hit counts as 1). */
    private static void addNormalised(Map<Integer, Float> into, ScoreDoc[] docs, float share) {
        if (docs.length == 0) {
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (ScoreDoc d : docs) {
            max = Math.max(max, d.score);
            min = Math.min(min, d.score);
        }
        float range = max - min;
        for (ScoreDoc d : docs) {
            float norm = range > 0 ? (d.score - min) / range : 1f;
            into.merge(d.doc, share * norm, Float::sum);
        }
    }
}
