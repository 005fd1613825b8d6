package papers.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.util.IOSupplier;

/**
 * The second pass of a lexical search ({@link LexicalQueries}): weighted word clauses (a term in a field) and
 * proximity clauses (two words of the combined text at most {@value LexicalQueries#PROXIMITY_SLOP} positions apart),
 * added to the score of a few hundred candidates. Each candidate gets exactly what Lucene would give it for
 * {@link #toQuery()} (the same BM25 scorers, norms and sloppy-phrase frequency; {@code SecondPassTest} compares them),
 * but each term's postings are walked once: as one Lucene query, a query word's postings were walked by its own
 * clause and again by each of its two proximity phrases, and at a million papers advancing those long lists from
 * candidate to candidate was half of a slow query's time. The common words' postings are not walked at all: each
 * candidate's {@link WordList} gives their frequencies and positions in one read.
 */
final class SecondPass {

    /** A word clause: {@code term} scored by BM25, times {@code weight}. */
    record Word(Term term, float weight) {
    }

    /** A proximity clause: {@code first} then {@code second} near each other in {@code field}, times {@code weight}. */
    record Near(String field, String first, String second, float weight) {
    }

    private final List<Word> words = new ArrayList<>();
    private final List<Near> pairs = new ArrayList<>();
    /** The query's words as the relevance floor counts them ({@link Coverage}): each word's terms and weight. */
    private List<Term[]> held = List.of();
    private List<Float> heldWeights = List.of();

    /** Adds a word clause; the same term given again weighs the sum (as Lucene's rewrite of a disjunction). */
    void word(Term term, float weight) {
        if (weight > 0) {
            for (int i = 0; i < words.size(); i++) {
                if (words.get(i).term().equals(term)) {
                    words.set(i, new Word(term, words.get(i).weight() + weight));
                    return;
                }
            }
            words.add(new Word(term, weight));
        }
    }

    /** Adds a proximity clause; the same pair given again weighs the sum. */
    void near(String field, String first, String second, float weight) {
        if (weight > 0 && !first.equals(second)) {
            for (int i = 0; i < pairs.size(); i++) {
                Near p = pairs.get(i);
                if (p.field().equals(field) && p.first().equals(first) && p.second().equals(second)) {
                    pairs.set(i, new Near(field, first, second, p.weight() + weight));
                    return;
                }
            }
            pairs.add(new Near(field, first, second, weight));
        }
    }

    /**
     * Also measures each candidate's {@link Coverage} of these words (a word is held when a paper has any of its
     * terms; its share is its weight over all the weights, or every paper holds all when they are 0), from the same
     * walk. This is the one place coverage is measured: {@link Coverage#of} walks the candidates the second pass did
     * not see with a pass of held words only.
     */
    void hold(List<Term[]> words, List<Float> weights) {
        this.held = List.copyOf(words);
        this.heldWeights = List.copyOf(weights);
    }

    boolean isEmpty() {
        return words.isEmpty() && pairs.isEmpty();
    }

    /** The same clauses as one Lucene query (a disjunction): what {@link ScoreParts} measures and tests compare. */
    Query toQuery() {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (Word w : words) {
            b.add(boosted(new TermQuery(w.term()), w.weight()), BooleanClause.Occur.SHOULD);
        }
        for (Near p : pairs) {
            b.add(boosted(new PhraseQuery(LexicalQueries.PROXIMITY_SLOP, p.field(), p.first(), p.second()),
                    p.weight()), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    private static Query boosted(Query q, float weight) {
        return weight == 1f ? q : new BoostQuery(q, weight);
    }

    /**
     * Adds to each of {@code byDoc} (in doc id order) the score {@link #toQuery()} gives it; returns each one's
     * coverage of the {@linkplain #hold held} words (null when none are held).
     */
    float[] addTo(TermLookups lookups, ScoreDoc[] byDoc) throws IOException {
        if (byDoc.length == 0 || isEmpty() && held.isEmpty()) {
            return null;
        }
        IndexSearcher searcher = lookups.searcher();
        Similarity similarity = searcher.getSimilarity();
        // One slot per distinct term: its statistics, and whether a proximity clause reads its positions.
        Map<Term, Integer> slotOf = new LinkedHashMap<>();
        List<Boolean> positions = new ArrayList<>();
        for (Word w : words) {
            slot(slotOf, positions, w.term(), false);
        }
        for (Near p : pairs) {
            slot(slotOf, positions, new Term(p.field(), p.first()), true);
            slot(slotOf, positions, new Term(p.field(), p.second()), true);
        }
        for (Term[] word : held) {
            for (Term t : word) {
                slot(slotOf, positions, t, false);
            }
        }
        Term[] terms = slotOf.keySet().toArray(Term[]::new);
        TermStates[] states = new TermStates[terms.length];
        TermStatistics[] stats = new TermStatistics[terms.length];
        for (int i = 0; i < terms.length; i++) {
            states[i] = lookups.states(terms[i]);
            stats[i] = states[i].docFreq() == 0 ? null
                    : searcher.termStatistics(terms[i], states[i].docFreq(), states[i].totalTermFreq());
        }
        // Each clause's scorer, built as TermQuery and PhraseQuery build theirs; a clause of a term no paper has
        // scores nothing (Lucene leaves it out).
        List<Scored> clauses = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (Word w : words) {
            int s = slotOf.get(w.term());
            if (stats[s] != null) {
                clauses.add(new Scored(field(fields, w.term().field()), s, -1, similarity.scorer(w.weight(),
                        searcher.collectionStatistics(w.term().field()), stats[s])));
            }
        }
        for (Near p : pairs) {
            int a = slotOf.get(new Term(p.field(), p.first()));
            int b = slotOf.get(new Term(p.field(), p.second()));
            if (stats[a] != null && stats[b] != null) {
                clauses.add(new Scored(field(fields, p.field()), a, b, similarity.scorer(p.weight(),
                        searcher.collectionStatistics(p.field()), stats[a], stats[b])));
            }
        }
        Holding holding = Holding.of(held, heldWeights, slotOf, byDoc.length);
        if (clauses.isEmpty() && holding == null) {
            return null;
        }
        // The candidates in runs of neighbouring papers, one per search thread: each run walks the postings over
        // its own stretch of the index (at 1M papers, lexical p99 14-16 -> 12-13 ms and hybrid 14-15 -> 10-14 ms on
        // 2 cores, bench/search-scale), on the searcher's threads as the first pass's slices are.
        Walk walk = new Walk(terms, states, positions, clauses, fields, holding, listed(terms));
        SearchThreads.inRuns(searcher, byDoc.length, MIN_RUN, (from, to) -> walk.scoreRun(searcher, byDoc, from, to));
        return holding == null ? null : holding.shares;
    }

    /**
     * The held words as slots, and the coverage found for each candidate: a word's share of the weights is counted
     * once when any of its slots is in the paper, summed in the words' order.
     */
    private record Holding(int[][] slots, float[] share, float[] shares) {

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

    /**
     * Where each common word and stem of {@code terms} stands among them ({@link CommonWords}: a candidate's
     * {@link WordList} says what their postings would), or null when the query has none.
     */
    private static Listed listed(Term[] terms) {
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

    /** The slots a candidate's word list fills, by common word and stem id, and which slots they are. */
    private record Listed(int[] textSlot, int[] stemSlot, boolean[] slots) {
    }

    /** Fewer candidates than this are not split between threads. */
    private static final int MIN_RUN = 64;

    /**
     * One query's walk: its distinct terms (slots) with their per-segment states and whether a proximity clause reads
     * their positions, its clauses ready to score, the fields whose norms they read, and the held words (or null).
     */
    private record Walk(Term[] terms, TermStates[] states, List<Boolean> positions, List<Scored> clauses,
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

    }

    /** A clause ready to score: its field's index, its term's slot (and the second word's, for proximity). */
    private record Scored(int field, int slot, int second, Similarity.SimScorer scorer) {
    }

    private static int field(List<String> fields, String field) {
        int i = fields.indexOf(field);
        if (i < 0) {
            fields.add(field);
            return fields.size() - 1;
        }
        return i;
    }

    private static void slot(Map<Term, Integer> slotOf, List<Boolean> positions, Term t, boolean needsPositions) {
        Integer s = slotOf.get(t);
        if (s == null) {
            slotOf.put(t, positions.size());
            positions.add(needsPositions);
        } else if (needsPositions) {
            positions.set(s, true);
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

    @Override
    public String toString() {
        return toQuery().toString();
    }

    /** For tests: the clauses. */
    List<Word> words() {
        return List.copyOf(words);
    }

    List<Near> pairs() {
        return List.copyOf(pairs);
    }

    static ScoreDoc[] byDoc(ScoreDoc[] hits) {
        return Arrays.stream(hits).map(d -> new ScoreDoc(d.doc, d.score, d.shardIndex))
                .sorted(java.util.Comparator.comparingInt(d -> d.doc)).toArray(ScoreDoc[]::new);
    }
}
