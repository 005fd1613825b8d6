package papers.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TermStates;
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
import papers.search.CandidateWalk.Holding;
import papers.search.CandidateWalk.Scored;

/**
 * The second pass of a lexical search ({@link LexicalQueries}): weighted word clauses (a term in a field) and
 * proximity clauses (two words of the combined text at most {@value LexicalQueries#PROXIMITY_SLOP} positions apart),
 * added to the score of a few hundred candidates. Each candidate gets exactly what Lucene would give it for
 * {@link #toQuery()} (the same BM25 scorers, norms and sloppy-phrase frequency; {@code SecondPassTest} compares them),
 * but each term's postings are walked once: as one Lucene query, a query word's postings were walked by its own
 * clause and again by each of its two proximity phrases, and at a million papers advancing those long lists from
 * candidate to candidate was half of a slow query's time. The common words' postings are not walked at all: each
 * candidate's {@link WordList} gives their frequencies and positions in one read. This class holds the clauses and
 * makes them ready to score; {@link CandidateWalk} walks the candidates.
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
        CandidateWalk walk = new CandidateWalk(terms, states, positions, clauses, fields, holding,
                CandidateWalk.Listed.of(terms));
        SearchThreads.inRuns(searcher, byDoc.length, MIN_RUN, (from, to) -> walk.scoreRun(searcher, byDoc, from, to));
        return holding == null ? null : holding.shares();
    }

    /** Fewer candidates than this are not split between threads. */
    private static final int MIN_RUN = 64;

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
