package papers.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;

/**
 * One query's relevance laid out so that any {@link Ranking} can be applied without searching again: the lexical
 * score is a sum of clauses, each knob's clauses scale with its weight, so a paper's score under a ranking is
 * {@code rest + stemmed·S} in the first pass ({@link LexicalQueries}) and that plus
 * {@code exact·E + title·T + author·A + proximity·P} once rescored, with the parts measured once (each knob at 1).
 * With the vector candidates, each paper's coverage and the query's floor divisor, {@link #rank} re-scores a ranking
 * as {@link SearchIndex#hybrid} would, both passes included, in microseconds: what makes
 * {@code bench/search-eval fit}'s cross-validated search over the knobs finish in minutes rather than hours. Every
 * paper that could be among the first pass's {@value Retrieval#RESCORED} under a stem weight from
 * {@value #MIN_STEMMED} to the widest ranking's is kept, so nothing is cut that a ranking in that range would have
 * ranked.
 */
public record ScoreParts(List<Candidate> lexical, List<Candidate> vector, int words) {

    /** The smallest stem weight {@link #rank} re-scores: the parts keep the candidates of stem weights from here. */
    public static final float MIN_STEMMED = 0.5f;

    /**
     * A paper's parts: the first pass's clauses other than the stems ({@code rest}: organization names, near
     * spellings), the stems of the words that find ({@code stemmed}) and of the common words the second pass adds
     * ({@code commonStems}), and each knob's share at weight 1; coverage as {@link Coverage}.
     */
    public record Candidate(String id, int doc, float rest, float stemmed, float commonStems, float exact, float title,
                            float author, float proximity, float coverage, float vectorScore) {
        float firstPass(Ranking r) {
            return rest + r.stemmed() * stemmed;
        }

        float rescored(Ranking r, float first) {
            return first + (r.stemmed() * commonStems + r.exact() * exact + r.title() * title + r.author() * author
                    + r.proximity() * proximity);
        }
    }

    private static final TotalHits NO_HITS = new TotalHits(0, TotalHits.Relation.EQUAL_TO);

    /**
     * The parts of every paper that can be among the first pass's {@value Retrieval#RESCORED} under a stem weight
     * between {@value #MIN_STEMMED} and {@code widest}'s, and of the vector candidates {@code vec}.
     */
    static ScoreParts of(IndexSearcher searcher, LexicalQueries queries, SearchQuery q, TopDocs vec, Ranking widest)
            throws IOException {
        Ranking one = new Ranking(Fusion.BLEND, 0, 0, 1, 0, 0, 0, 0);
        var reader = searcher.getIndexReader();
        int all = Math.max(1, reader.maxDoc());
        LexicalQueries.Built built = queries.build(q, SearchFilters.none(), one, searcher);
        LexicalQueries.Built twice = queries.build(q, SearchFilters.none(), one.withStemmed(2), searcher);
        // The first pass at stem weights 1 and 2: the stem's part is the difference, the rest what 1 leaves.
        Map<Integer, Float> at1 = scores(searcher, built.query(), all);
        Map<Integer, Float> at2 = scores(searcher, twice.query(), all);
        // The second pass on the papers the first pass matches (a FILTER clause scores nothing): the common words'
        // stems at weight 1, then each knob at 1 beside them.
        Map<Integer, Float> common = secondPass(searcher, built.query(), built.rescore(), all);
        List<Map<Integer, Float>> knobs = new ArrayList<>();
        for (Ranking knob : List.of(one.withExact(1), one.withTitle(1), one.withAuthor(1), one.withProximity(1))) {
            knobs.add(secondPass(searcher, built.query(), queries.build(q, SearchFilters.none(), knob, searcher)
                    .rescore(), all));
        }
        Map<Integer, float[]> firstParts = new LinkedHashMap<>();
        at1.forEach((d, s1) -> {
            float stem = Math.max(0, at2.getOrDefault(d, s1) - s1);
            firstParts.put(d, new float[] {Math.max(0, s1 - stem), stem});
        });
        float[] lowest = new float[firstParts.size()];
        int n = 0;
        for (float[] p : firstParts.values()) {
            lowest[n++] = p[0] + MIN_STEMMED * p[1];
        }
        Arrays.sort(lowest);
        float reach = lowest.length <= Retrieval.RESCORED ? Float.NEGATIVE_INFINITY
                : lowest[lowest.length - Retrieval.RESCORED];
        Map<Integer, float[]> kept = new LinkedHashMap<>();
        firstParts.forEach((d, p) -> {
            if (p[0] + widest.stemmed() * p[1] >= reach) {
                float c = part(common, d);
                kept.put(d, new float[] {p[0], p[1], c, part(knobs.get(0), d) - c, part(knobs.get(1), d) - c,
                        part(knobs.get(2), d) - c, part(knobs.get(3), d) - c});
            }
        });
        ScoreDoc[] lexDocs = kept.keySet().stream().map(d -> new ScoreDoc(d, 0)).toArray(ScoreDoc[]::new);
        Map<Integer, Float> coverage = Coverage.of(searcher, built, lexDocs, vec.scoreDocs);
        Map<Integer, Float> vectorScores = new HashMap<>();
        Arrays.stream(vec.scoreDocs).forEach(d -> vectorScores.put(d.doc, d.score));
        StoredFields stored = searcher.storedFields();
        Map<Integer, String> ids = new HashMap<>();
        for (int doc : coverage.keySet()) {
            ids.put(doc, stored.document(doc, Set.of(PaperDocument.ID)).get(PaperDocument.ID));
        }
        List<Candidate> lexical = new ArrayList<>(kept.size());
        kept.forEach((d, p) -> lexical.add(new Candidate(ids.get(d), d, p[0], p[1], p[2], p[3], p[4], p[5], p[6],
                coverage.get(d), vectorScores.getOrDefault(d, Float.NaN))));
        List<Candidate> vector = new ArrayList<>();
        for (ScoreDoc d : vec.scoreDocs) {
            vector.add(new Candidate(ids.get(d.doc), d.doc, Float.NaN, 0, 0, 0, 0, 0, 0, coverage.get(d.doc),
                    d.score));
        }
        return new ScoreParts(lexical, vector, built.words().size());
    }

    private static Map<Integer, Float> scores(IndexSearcher searcher, Query query, int n) throws IOException {
        Map<Integer, Float> out = new LinkedHashMap<>();
        for (ScoreDoc d : searcher.search(query, n).scoreDocs) {
            out.put(d.doc, d.score);
        }
        return out;
    }

    private static Map<Integer, Float> secondPass(IndexSearcher searcher, Query first, SecondPass second, int n)
            throws IOException {
        return second == null ? Map.of() : scores(searcher, new BooleanQuery.Builder()
                .add(first, BooleanClause.Occur.FILTER).add(second.toQuery(), BooleanClause.Occur.SHOULD).build(), n);
    }

    private static float part(Map<Integer, Float> knob, int doc) {
        return knob.getOrDefault(doc, 0f);
    }

    /**
     * The ids {@link SearchIndex#hybrid} would return first under {@code r}, at most {@code n}: the
     * {@value Retrieval#HYBRID_CANDIDATES} best lexical candidates and the vector candidates fused by
     * {@link Fusion#BLEND}, those under the floor and not close by vector left out.
     */
    public List<String> rank(Ranking r, int n) {
        if (r.fusion() != Fusion.BLEND) {
            throw new IllegalArgumentException("re-scoring covers the blend only");
        }
        if (r.stemmed() < MIN_STEMMED) {
            throw new IllegalArgumentException("the parts keep the candidates of stem weights from " + MIN_STEMMED);
        }
        Map<Integer, Candidate> byDoc = new HashMap<>();
        ScoreDoc[] lex = new ScoreDoc[lexical.size()];
        for (int i = 0; i < lex.length; i++) {
            Candidate c = lexical.get(i);
            lex[i] = new ScoreDoc(c.doc(), c.firstPass(r));
            byDoc.put(c.doc(), c);
        }
        // Lucene's order: score, then doc id; the first pass's best are rescored, and the best of those kept.
        Arrays.sort(lex, LexicalQueries.BEST_FIRST);
        lex = Arrays.copyOf(lex, Math.min(Retrieval.RESCORED, lex.length));
        for (ScoreDoc d : lex) {
            d.score = byDoc.get(d.doc).rescored(r, d.score);
        }
        Arrays.sort(lex, LexicalQueries.BEST_FIRST);
        lex = Arrays.copyOf(lex, Math.min(Retrieval.HYBRID_CANDIDATES, lex.length));
        ScoreDoc[] vec = new ScoreDoc[vector.size()];
        for (int i = 0; i < vec.length; i++) {
            Candidate c = vector.get(i);
            vec[i] = new ScoreDoc(c.doc(), c.vectorScore());
            byDoc.putIfAbsent(c.doc(), c);
        }
        float floor = Coverage.floor(r.floor(), words);
        return r.fusion().fuse(new TopDocs(NO_HITS, lex), new TopDocs(NO_HITS, vec), r.vectorWeight()).stream()
                .filter(d -> RelevanceFloor.keeps(byDoc.get(d.doc).coverage(), floor, byDoc.get(d.doc).vectorScore()))
                .limit(n).map(d -> byDoc.get(d.doc).id()).toList();
    }
}
