package papers.search;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;

/**
 * How much of a query a paper holds: the idf-weighted share of the query's words found in it (a stem or an
 * organization name counts). It is what the relevance floor reads: for "speculative decoding" a paper that only
 * says "decoding" holds the smaller share (the rarer word weighs more), and is not relevant however popular; a
 * one-word query is held whole by every paper that has the word. Computed for the candidates only, by the second
 * pass's walk ({@link SecondPass#hold}): for the candidates it rescores on its way, for the others here.
 */
final class Coverage {

    private Coverage() {
    }

    /** Words a paper must hold the weight of, at most: a long description is not expected to be held whole. */
    static final int FLOOR_WORDS = 3;

    /**
     * The share a paper must hold: {@code floor} for queries of up to {@value #FLOOR_WORDS} words; for longer ones
     * {@code floor} × {@value #FLOOR_WORDS} / words. A paper described in 12 words by someone who remembers it shares
     * a third of them; on queries-dev.tsv a flat 0.5 cut a tenth of the right answers.
     */
    static float floor(float floor, LexicalQueries.Built words) {
        return floor(floor, words.words().size());
    }

    /** {@link #floor(float, LexicalQueries.Built)} for a query of {@code n} free words. */
    static float floor(float floor, int n) {
        return n <= FLOOR_WORDS ? floor : floor * FLOOR_WORDS / n;
    }

    /** The share (0–1) of {@code words} each of {@code docs} holds; 1 for all when the query has no free words. */
    static Map<Integer, Float> of(IndexSearcher searcher, LexicalQueries.Built words, ScoreDoc[]... docs)
            throws IOException {
        return of(searcher, words, Map.of(), docs);
    }

    /**
     * {@link #of(IndexSearcher, LexicalQueries.Built, ScoreDoc[]...)} where the shares of some papers are
     * {@code known} already (the second pass measures them on its walk: {@link SecondPass#hold}): only the others
     * are looked up.
     */
    static Map<Integer, Float> of(IndexSearcher searcher, LexicalQueries.Built words, Map<Integer, Float> known,
                                  ScoreDoc[]... docs) throws IOException {
        java.util.TreeSet<Integer> sorted = new java.util.TreeSet<>();
        Map<Integer, Float> held = new HashMap<>();
        for (ScoreDoc[] list : docs) {
            for (ScoreDoc d : list) {
                Float share = known.get(d.doc);
                if (share != null) {
                    held.put(d.doc, share);
                } else {
                    sorted.add(d.doc);
                }
            }
        }
        if (sorted.isEmpty()) {
            return held;
        }
        // The others through the second pass's walk with no clause to score: it is what measures coverage.
        ScoreDoc[] byDoc = sorted.stream().map(doc -> new ScoreDoc(doc, 0)).toArray(ScoreDoc[]::new);
        SecondPass walk = new SecondPass();
        walk.hold(words.words(), words.weights());
        float[] shares = walk.addTo(words.termsFor(searcher), byDoc);
        for (int i = 0; i < byDoc.length; i++) {
            held.put(byDoc[i].doc, shares == null ? 1f : shares[i]); // no free words: every paper holds the query
        }
        return held;
    }
}
