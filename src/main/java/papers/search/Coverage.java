package papers.search;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;

/**
 * How much of a query a paper holds: the idf-weighted share of the query's words found in it (a stem or an
 * organization name counts). It is what the relevance floor reads: for "speculative decoding" a paper that only
 * says "decoding" holds the smaller share (the rarer word weighs more), and is not relevant however popular; a
 * one-word query is held whole by every paper that has the word. Computed for the candidates only, by looking each
 * word up in each candidate's segment.
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
        float total = 0;
        for (float w : words.weights()) {
            total += w;
        }
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
        for (int doc : sorted) {
            held.put(doc, total == 0 ? 1f : 0f);
        }
        if (total == 0 || sorted.isEmpty()) {
            return held;
        }
        // Per segment and term: one lookup, then one pass over the candidates in doc order.
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            var inLeaf = sorted.subSet(leaf.docBase, leaf.docBase + leaf.reader().maxDoc());
            if (inLeaf.isEmpty()) {
                continue;
            }
            for (int w = 0; w < words.words().size(); w++) {
                java.util.Set<Integer> holding = new java.util.HashSet<>();
                for (Term t : words.words().get(w)) {
                    Terms terms = leaf.reader().terms(t.field());
                    if (terms == null) {
                        continue;
                    }
                    TermsEnum te = terms.iterator();
                    if (!te.seekExact(t.bytes())) {
                        continue;
                    }
                    PostingsEnum p = te.postings(null, PostingsEnum.NONE);
                    for (int doc : inLeaf) {
                        int local = doc - leaf.docBase;
                        int at = p.docID() >= local ? p.docID() : p.advance(local);
                        if (at == DocIdSetIterator.NO_MORE_DOCS) {
                            break;
                        }
                        if (at == local) {
                            holding.add(doc);
                        }
                    }
                }
                float weight = words.weights().get(w) / total;
                holding.forEach(doc -> held.merge(doc, weight, Float::sum));
            }
        }
        return held;
    }
}
