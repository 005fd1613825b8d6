package papers.search;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexReaderContext;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;

/**
 * One search's term lookups: each term's place in each segment's terms dictionary and its statistics, looked up once
 * and shared by everything the search does with the term: choosing the words that find (document frequencies), the
 * coverage weights (idf), the first pass's clauses (a {@code TermQuery} given its states does not look again), the
 * second pass and the relevance floor. One terms enum per field and segment serves all of a search's lookups. Before,
 * a query word's stem was looked up four times and its organization term three, each through a new terms enum whose
 * block frames Lucene allocates afresh: at a million papers most of a query's garbage. Not shared between threads:
 * the walks that run on the search threads are handed the states, looked up before.
 */
final class TermLookups {

    private final IndexSearcher searcher;
    private final IndexReaderContext top;
    private final List<LeafReaderContext> leaves;
    private final Map<Term, TermStates> states = new HashMap<>();
    /** Per field, each segment's terms enum (null where the segment has no such field), made on first use. */
    private final Map<String, TermsEnum[]> enums = new HashMap<>();

    TermLookups(IndexSearcher searcher) {
        this.searcher = searcher;
        this.top = searcher.getTopReaderContext();
        this.leaves = top.leaves();
    }

    IndexSearcher searcher() {
        return searcher;
    }

    /** {@code t}'s states in every segment that has it, with its statistics (as Lucene's {@code TermStates.build}). */
    TermStates states(Term t) throws IOException {
        TermStates found = states.get(t);
        if (found == null) {
            found = lookUp(t);
            states.put(t, found);
        }
        return found;
    }

    /** How many documents hold {@code t} (deleted ones included, as Lucene counts). */
    int docFreq(Term t) throws IOException {
        return states(t).docFreq();
    }

    /** BM25's idf as Lucene computes it, over all live documents; 0 for a term no document has. */
    float idf(Term t) throws IOException {
        long df = docFreq(t);
        int docs = searcher.getIndexReader().numDocs();
        return df == 0 ? 0 : (float) Math.log(1 + (docs - df + 0.5) / (df + 0.5));
    }

    private TermStates lookUp(Term t) throws IOException {
        TermStates out = new TermStates(top);
        TermsEnum[] perLeaf = enums.get(t.field());
        if (perLeaf == null) {
            perLeaf = new TermsEnum[leaves.size()];
            for (LeafReaderContext leaf : leaves) {
                Terms terms = leaf.reader().terms(t.field());
                perLeaf[leaf.ord] = terms == null ? null : terms.iterator();
            }
            enums.put(t.field(), perLeaf);
        }
        for (LeafReaderContext leaf : leaves) {
            TermsEnum te = perLeaf[leaf.ord];
            if (te != null && te.seekExact(t.bytes())) {
                out.register(te.termState(), leaf.ord, te.docFreq(), te.totalTermFreq());
            }
        }
        return out;
    }
}
