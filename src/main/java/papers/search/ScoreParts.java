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
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;

/**
 * One query's relevance laid out so that any {@link Ranking} can be applied without searching again: the lexical
 * score is a sum of clauses, each knob's clauses scale with its weight, so a paper's score under a ranking is
 * {@code base + stemmed·S + title·T + author·A + proximity·P} with the parts measured once (each knob at 1 minus all
 * at 0). With the vector candidates, each paper's coverage and the query's floor divisor, {@link #rank} re-scores a
 * ranking as {@link SearchIndex#hybrid} would, in microseconds: what makes {@code bench/search-eval fit}'s
 * cross-validated search over the knobs finish in minutes rather than hours. Every paper that could be a candidate
 * under knobs up to a widest ranking is kept, so nothing is cut that a ranking in that range would have ranked.
 */
public record ScoreParts(List<Candidate> lexical, List<Candidate> vector, int words) {

    /** A paper's parts: the plain words' score and each knob's share at weight 1; coverage as {@link Coverage}. */
    public record Candidate(String id, int doc, float base, float stemmed, float title, float author, float proximity,
                            float coverage, float vectorScore) {
        float lexicalScore(Ranking r) {
            return base + r.stemmed() * stemmed + r.title() * title + r.author() * author
                    + r.proximity() * proximity;
        }
    }

    private static final TotalHits NO_HITS = new TotalHits(0, TotalHits.Relation.EQUAL_TO);

    /**
     * The parts of every paper that can reach the {@value SearchIndex#HYBRID_CANDIDATES} lexical candidates under a
     * ranking whose knobs are at most {@code widest}'s (a paper scores at least its base and at most its base plus
     * each part at its widest weight), and of the vector candidates {@code vec}.
     */
    static ScoreParts of(IndexSearcher searcher, LexicalQueries queries, SearchQuery q, TopDocs vec, Ranking widest)
            throws IOException {
        Ranking zero = new Ranking(Fusion.BLEND, 0, 0, 0, 0, 0, 0);
        var reader = searcher.getIndexReader();
        int all = Math.max(1, reader.maxDoc());
        LexicalQueries.Built built = queries.build(q, SearchFilters.none(), zero, reader);
        Map<Integer, Float> base = scores(searcher, built, all);
        List<Map<Integer, Float>> knobs = new ArrayList<>();
        for (Ranking one : List.of(zero.withStemmed(1), zero.withTitle(1), zero.withAuthor(1),
                zero.withProximity(1))) {
            knobs.add(scores(searcher, queries.build(q, SearchFilters.none(), one, reader), all));
        }
        // A paper may match through a knob's clauses only (a stem: "decoder" for "decoding"); its base is then 0.
        java.util.Set<Integer> matched = new java.util.LinkedHashSet<>(base.keySet());
        knobs.forEach(k -> matched.addAll(k.keySet()));
        float[] bases = new float[matched.size()];
        int n = 0;
        for (int d : matched) {
            bases[n++] = base.getOrDefault(d, 0f);
        }
        Arrays.sort(bases);
        float reach = bases.length <= SearchIndex.HYBRID_CANDIDATES ? Float.NEGATIVE_INFINITY
                : bases[bases.length - SearchIndex.HYBRID_CANDIDATES];
        Map<Integer, float[]> kept = new LinkedHashMap<>();
        for (int d : matched) {
            float b = base.getOrDefault(d, 0f);
            float[] p = {b, part(knobs.get(0), d, b), part(knobs.get(1), d, b), part(knobs.get(2), d, b),
                    part(knobs.get(3), d, b)};
            if (b + widest.stemmed() * p[1] + widest.title() * p[2] + widest.author() * p[3]
                    + widest.proximity() * p[4] >= reach) {
                kept.put(d, p);
            }
        }
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
        kept.forEach((d, p) -> lexical.add(new Candidate(ids.get(d), d, p[0], p[1], p[2], p[3], p[4],
                coverage.get(d), vectorScores.getOrDefault(d, Float.NaN))));
        List<Candidate> vector = new ArrayList<>();
        for (ScoreDoc d : vec.scoreDocs) {
            Float b = base.get(d.doc);
            vector.add(new Candidate(ids.get(d.doc), d.doc, b == null ? Float.NaN : b, 0, 0, 0, 0, coverage.get(d.doc),
                    d.score));
        }
        return new ScoreParts(lexical, vector, built.words().size());
    }

    private static Map<Integer, Float> scores(IndexSearcher searcher, LexicalQueries.Built built, int n)
            throws IOException {
        Map<Integer, Float> out = new LinkedHashMap<>();
        for (ScoreDoc d : searcher.search(built.query(), n).scoreDocs) {
            out.put(d.doc, d.score);
        }
        return out;
    }

    private static float part(Map<Integer, Float> withKnob, int doc, float base) {
        Float s = withKnob.get(doc);
        return s == null ? 0 : Math.max(0, s - base);
    }

    /**
     * The ids {@link SearchIndex#hybrid} would return first under {@code r}, at most {@code n}: the
     * {@value SearchIndex#HYBRID_CANDIDATES} best lexical candidates and the vector candidates fused by
     * {@link Fusion#BLEND}, those under the floor and not close by vector left out.
     */
    public List<String> rank(Ranking r, int n) {
        if (r.fusion() != Fusion.BLEND) {
            throw new IllegalArgumentException("re-scoring covers the blend only");
        }
        Map<Integer, Candidate> byDoc = new HashMap<>();
        ScoreDoc[] lex = new ScoreDoc[lexical.size()];
        for (int i = 0; i < lex.length; i++) {
            Candidate c = lexical.get(i);
            lex[i] = new ScoreDoc(c.doc(), c.lexicalScore(r));
            byDoc.put(c.doc(), c);
        }
        // Lucene's order: score, then doc id.
        Arrays.sort(lex, (a, b) -> a.score != b.score ? Float.compare(b.score, a.score) : Integer.compare(a.doc, b.doc));
        lex = Arrays.copyOf(lex, Math.min(SearchIndex.HYBRID_CANDIDATES, lex.length));
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
