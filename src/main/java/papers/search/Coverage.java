package papers.search;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
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

    /** The share (0–1) of {@code words} each of {@code docs} holds; 1 for all when the query has no free words. */
    static Map<Integer, Float> of(IndexSearcher searcher, LexicalQueries.Built words, ScoreDoc[]... docs)
            throws IOException {
        Map<Integer, Float> share = new HashMap<>();
        float total = 0;
        for (float w : words.weights()) {
            total += w;
        }
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        for (ScoreDoc[] list : docs) {
            for (ScoreDoc d : list) {
                if (share.containsKey(d.doc)) {
                    continue;
                }
                if (total == 0) {
                    share.put(d.doc, 1f);
                    continue;
                }
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(d.doc, leaves));
                int local = d.doc - leaf.docBase;
                float held = 0;
                for (int i = 0; i < words.words().size(); i++) {
                    if (holds(leaf, local, words.words().get(i))) {
                        held += words.weights().get(i);
                    }
                }
                share.put(d.doc, held / total);
            }
        }
        return share;
    }

    private static boolean holds(LeafReaderContext leaf, int doc, Term[] anyOf) throws IOException {
        for (Term t : anyOf) {
            Terms terms = leaf.reader().terms(t.field());
            if (terms == null) {
                continue;
            }
            TermsEnum te = terms.iterator();
            if (te.seekExact(t.bytes())) {
                PostingsEnum p = te.postings(null, PostingsEnum.NONE);
                if (p.advance(doc) == doc && doc != DocIdSetIterator.NO_MORE_DOCS) {
                    return true;
                }
            }
        }
        return false;
    }
}
