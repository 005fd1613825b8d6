package papers.search;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermState;
import org.apache.lucene.index.TermStates;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.util.IOSupplier;

/**
 * One query's second pass over its candidates ({@link SecondPass}): its distinct terms (slots) with their per-segment
 * states and whether a proximity clause reads their positions, its clauses ready to score, the fields whose norms
 * they read, the held words (or null) and the common words a candidate's {@link WordList} gives (or null). It walks a
 * stretch of candidates in doc id order, segment by segment: each term's postings advanced once from candidate to
 * candidate, positions read only where both words of a pair are, each clause scored by Lucene's own BM25 scorer, and
 * a pair's sloppy frequency counted as Lucene counts it ({@link #sloppyFreq}).
 */
record CandidateWalk(Term[] terms, TermStates[] states, List<Boolean> positions, List<Scored> clauses,
                     List<String> fields, Holding holding, Listed listed) {

    /** Scores the candidates {@code byDoc[first..last)}, segment by segment. */
    void scoreRun(IndexSearcher searcher, ScoreDoc[] byDoc, int first, int last) throws IOException {
        int from = first;
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            int end = leaf.docBase + leaf.reader().maxDoc();
            int to = from;
            while (to < last && byDoc[to].doc < end) {
                to++;
            }
            if (to > from) {
                scoreLeaf(leaf, byDoc, from, to);
            }
            from = to;
        }
    }

    private void scoreLeaf(LeafReaderContext leaf, ScoreDoc[] byDoc, int from, int to) throws IOException {
        // The common words from each candidate's word list, when the papers have them (a segment written before
        // the lists has none); the others from their postings.
        BinaryDocValues lists = listed == null ? null : leaf.reader().getBinaryDocValues(PaperDocument.WORDS);
        WordList.Reader list = lists == null ? null : new WordList.Reader(listed.textSlot(), listed.stemSlot());
        PostingsEnum[] postings = new PostingsEnum[terms.length];
        for (int i = 0; i < terms.length; i++) {
            if (list != null && listed.slots()[i]) {
                continue;
            }
            IOSupplier<TermState> state = states[i].get(leaf);
            TermState ts = state == null ? null : state.get();
            Terms t = ts == null ? null : leaf.reader().terms(terms[i].field());
            if (t != null) {
                TermsEnum te = t.iterator();
                te.seekExact(terms[i].bytes(), ts);
                postings[i] = te.postings(null, positions.get(i) ? PostingsEnum.POSITIONS : PostingsEnum.FREQS);
            }
        }
        NumericDocValues[] norms = new NumericDocValues[fields.size()];
        for (int f = 0; f < norms.length; f++) {
            norms[f] = leaf.reader().getNormValues(fields.get(f));
        }
        long[] norm = new long[norms.length];
        int[] freq = new int[terms.length];
        int[][] at = new int[terms.length][];
        boolean[] read = new boolean[terms.length];
        for (int c = from; c < to; c++) {
            int doc = byDoc[c].doc - leaf.docBase;
            for (int i = 0; i < terms.length; i++) {
                PostingsEnum p = postings[i];
                freq[i] = 0;
                read[i] = false;
                if (p != null && (p.docID() < doc ? p.advance(doc) : p.docID()) == doc) {
                    freq[i] = p.freq();
                }
            }
            if (list != null && lists.advanceExact(doc)) {
                list.read(lists.binaryValue(), freq, at);
                System.arraycopy(listed.slots(), 0, read, 0, read.length); // their positions are read
            }
            if (holding != null) {
                holding.count(c, freq);
            }
            for (int f = 0; f < norms.length; f++) {
                norm[f] = norm(norms[f], doc);
            }
            double sum = 0;
            for (Scored s : clauses) {
                int a = s.slot();
                int b = s.second();
                float f;
                if (b < 0) {
                    f = freq[a];
                } else if (freq[a] == 0 || freq[b] == 0) {
                    f = 0;
                } else { // positions are read only where both words are
                    at[a] = positionsAt(postings[a], freq[a], at[a], read, a);
                    at[b] = positionsAt(postings[b], freq[b], at[b], read, b);
                    f = sloppyFreq(at[a], freq[a], at[b], freq[b], LexicalQueries.PROXIMITY_SLOP);
                }
                if (f > 0) {
                    sum += s.scorer().score(f, norm[s.field()]);
                }
            }
            byDoc[c].score += (float) sum;
        }
    }


    /** A clause ready to score: its field's index, its term's slot (and the second word's, for proximity). */
    record Scored(int field, int slot, int second, Similarity.SimScorer scorer) {
    }

    /**
     * The held words as slots, and the coverage found for each candidate: a word's share of the weights is counted
     * once when any of its slots is in the paper, summed in the words' order.
     */
    record Holding(int[][] slots, float[] share, float[] shares) {

        static Holding of(List<Term[]> held, List<Float> weights, Map<Term, Integer> slotOf, int candidates) {
            if (held.isEmpty()) {
                return null;
            }
            float total = 0;
            for (float w : weights) {
                total += w;
            }
            int[][] slots = new int[held.size()][];
            float[] share = new float[held.size()];
            for (int w = 0; w < slots.length; w++) {
                slots[w] = Arrays.stream(held.get(w)).mapToInt(slotOf::get).toArray();
                share[w] = total == 0 ? 0 : weights.get(w) / total;
            }
            float[] shares = new float[candidates];
            if (total == 0) {
                Arrays.fill(shares, 1f);
                return new Holding(new int[0][], share, shares);
            }
            return new Holding(slots, share, shares);
        }

        void count(int candidate, int[] freq) {
            float sum = 0;
            for (int w = 0; w < slots.length; w++) {
                for (int s : slots[w]) {
                    if (freq[s] > 0) {
                        sum += share[w];
                        break;
                    }
                }
            }
            if (slots.length > 0) {
                shares[candidate] = sum;
            }
        }
    }

    /** The slots a candidate's word list fills, by common word and stem id, and which slots they are. */
    record Listed(int[] textSlot, int[] stemSlot, boolean[] slots) {

        /**
         * Where each common word and stem of {@code terms} stands among them ({@link CommonWords}: a candidate's
         * {@link WordList} says what their postings would), or null when the query has none.
         */
        static Listed of(Term[] terms) {
            CommonWords common = CommonWords.SHIPPED;
            int[] textSlot = new int[common.textWords()];
            int[] stemSlot = new int[common.stems()];
            Arrays.fill(textSlot, -1);
            Arrays.fill(stemSlot, -1);
            boolean[] listed = new boolean[terms.length];
            boolean any = false;
            for (int i = 0; i < terms.length; i++) {
                int id = common.idOf(terms[i]);
                if (id >= 0) {
                    (terms[i].field().equals(PaperDocument.TEXT) ? textSlot : stemSlot)[id] = i;
                    listed[i] = true;
                    any = true;
                }
            }
            return any ? new Listed(textSlot, stemSlot, listed) : null;
        }
    }

    /** The positions of the term {@code p} stands on (read once per paper: {@code read[slot]}), in {@code into}. */
    private static int[] positionsAt(PostingsEnum p, int freq, int[] into, boolean[] read, int slot)
            throws IOException {
        if (read[slot]) {
            return into;
        }
        int[] out = into == null || into.length < freq ? new int[Math.max(freq, 16)] : into;
        for (int k = 0; k < freq; k++) {
            out[k] = p.nextPosition();
        }
        read[slot] = true;
        return out;
    }

    /** The norm Lucene's scorers read for {@code doc}: 1 without norms, 0 for a paper without the field. */
    private static long norm(NumericDocValues norms, int doc) throws IOException {
        if (norms == null) {
            return 1L;
        }
        return norms.advanceExact(doc) ? norms.longValue() : 0L;
    }

    /**
     * The sloppy frequency Lucene's {@code SloppyPhraseMatcher} gives the two-word phrase "a b" within {@code slop}
     * in a paper where a stands at {@code a[0..na)} and b at {@code b[0..nb)} (ascending): the sum over its matches
     * of 1 / (1 + match length). Lucene's walk, for two distinct terms: each term's position less its place in the
     * phrase, the lesser one (ties to a) advanced while it stays at or behind the other, shortening the match.
     */
    static float sloppyFreq(int[] a, int na, int[] b, int nb, int slop) {
        // Two phrase positions: a's (offset 0) and b's (offset 1), each with the index of its next position; locals,
        // not arrays, so that nothing is allocated per candidate and pair.
        int nextA = 1;
        int nextB = 1;
        int posA = a[0];
        int posB = b[0] - 1;
        int end = Math.max(posA, posB);
        float freq = 0;
        boolean positioned = true;
        while (positioned) {
            // nextMatch(): pp is the lesser of the two positions (ties to a)
            boolean ppIsB = posB < posA;
            int matchLength = end - (ppIsB ? posB : posA);
            int nextPos = ppIsB ? posA : posB;
            boolean matched = false;
            while (true) {
                if (ppIsB ? nextB >= nb : nextA >= na) { // exhausted
                    positioned = false;
                    matched = matchLength <= slop;
                    break;
                }
                int pos;
                if (ppIsB) {
                    pos = posB = b[nextB++] - 1;
                } else {
                    pos = posA = a[nextA++];
                }
                if (pos > end) {
                    end = pos;
                }
                if (pos > nextPos) { // done minimizing the current match length
                    if (matchLength <= slop) {
                        matched = true;
                        break;
                    }
                    ppIsB = posB < posA;
                    nextPos = ppIsB ? posA : posB;
                    matchLength = end - (ppIsB ? posB : posA);
                } else {
                    int matchLength2 = end - pos;
                    if (matchLength2 < matchLength) {
                        matchLength = matchLength2;
                    }
                }
            }
            if (!matched) {
                break;
            }
            freq += 1f / (1f + matchLength);
        }
        return freq;
    }
}
