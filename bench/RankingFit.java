import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import papers.search.Fusion;
import papers.search.Ranking;
import papers.search.ScoreParts;

/**
 * Fits the ranking knobs ({@link Ranking}: vector weight, stemmed, title, author, proximity) by coordinate ascent with
 * k-fold cross-validation, re-scoring each query's {@link ScoreParts} (measured once through the product's index)
 * instead of searching again: a trial over all queries takes milliseconds, so the whole fit takes a minute or two.
 * The objective is the mean MRR@10 over the query kinds (each kind weighs the same, so no kind is sacrificed to a
 * larger one). Each fold's knobs are fitted on the other folds only; the score printed as "held out" is of queries
 * whose fold did not see them. The knobs fitted on all queries are what to ship, the held-out score what to expect.
 */
final class RankingFit {

    record Knob(String name, float[] values, BiFunction<Ranking, Float, Ranking> set,
                java.util.function.Function<Ranking, Float> get) { }

    static final List<Knob> KNOBS = List.of(
            new Knob("vector", new float[] {0f, 0.1f, 0.15f, 0.2f, 0.25f, 0.3f, 0.35f, 0.4f, 0.5f, 0.6f},
                    (r, v) -> r.withFusion(Fusion.BLEND, v), Ranking::vectorWeight),
            new Knob("exact", new float[] {0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f, 1.5f}, Ranking::withExact,
                    Ranking::exact),
            new Knob("stemmed", new float[] {0.5f, 0.7f, 1f, 1.3f, 1.6f, 2f, 2.5f},
                    Ranking::withStemmed, Ranking::stemmed),
            new Knob("title", new float[] {0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.6f, 0.8f}, Ranking::withTitle,
                    Ranking::title),
            new Knob("author", new float[] {0f, 0.15f, 0.3f, 0.5f, 0.75f, 1f, 1.5f}, Ranking::withAuthor,
                    Ranking::author),
            new Knob("proximity", new float[] {0f, 0.1f, 0.2f, 0.3f, 0.45f, 0.6f, 0.8f, 1f, 1.3f}, Ranking::withProximity,
                    Ranking::proximity));

    /** The largest weight each knob takes in a trial: the score parts keep every paper that can be a candidate. */
    static final Ranking WIDEST = new Ranking(Fusion.BLEND, 0, 1.5f, 2.5f, 0.8f, 1.5f, 1.3f, 0);

    /** What a fit found: the held-out scores (each fold's knobs on its own queries), the picks and the all-data fit. */
    record Result(EvalSets.Scores heldOut, List<Ranking> foldPicks, Ranking chosen, EvalSets.Scores chosenScores) { }

    private final List<EvalSets.Query> queries;
    private final Map<String, List<Integer>> kinds = new LinkedHashMap<>();
    private final List<ScoreParts> parts;

    RankingFit(List<EvalSets.Query> queries, List<ScoreParts> parts) {
        this.queries = queries;
        this.parts = parts;
        for (int i = 0; i < queries.size(); i++) {
            kinds.computeIfAbsent(queries.get(i).kind(), k -> new ArrayList<>()).add(i);
        }
    }

    /** Reciprocal ranks of every query under {@code r}. */
    EvalSets.Scores score(Ranking r) {
        return EvalSets.score(queries, i -> parts.get(i).rank(r, EvalSets.K));
    }

    /** Mean over kinds of MRR@10, on the queries {@code use} admits. */
    double objective(EvalSets.Scores s, java.util.function.IntPredicate use) {
        double sum = 0;
        int n = 0;
        for (List<Integer> members : kinds.values()) {
            List<Integer> in = members.stream().filter(use::test).toList();
            if (!in.isEmpty()) {
                sum += s.mrr(in);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** Coordinate ascent from {@code start} on the queries {@code use} admits, until no knob moves. */
    Ranking fit(Ranking start, java.util.function.IntPredicate use) {
        Ranking best = start;
        double bestScore = objective(score(best), use);
        for (int round = 0; round < 6; round++) {
            boolean moved = false;
            for (Knob k : KNOBS) {
                for (float v : k.values()) {
                    Ranking trial = k.set().apply(best, v);
                    double s = objective(score(trial), use);
                    if (s > bestScore + 1e-6) {
                        bestScore = s;
                        best = trial;
                        moved = true;
                    }
                }
            }
            if (!moved) {
                break;
            }
        }
        return best;
    }

    Result crossValidate(Ranking start, int[] fold, int k) {
        double[] rr = new double[queries.size()];
        List<Ranking> picks = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int held = f;
            Ranking r = fit(start, i -> fold[i] != held);
            picks.add(r);
            EvalSets.Scores s = score(r);
            for (int i = 0; i < queries.size(); i++) {
                if (fold[i] == f) {
                    rr[i] = s.rr()[i];
                }
            }
        }
        Ranking chosen = fit(start, i -> true);
        return new Result(new EvalSets.Scores(rr), picks, chosen, score(chosen));
    }

    static String knobs(Ranking r) {
        return String.format("vector %.2f, exact %.2f, stemmed %.2f, title %.2f, author %.2f, proximity %.2f",
                r.vectorWeight(), r.exact(), r.stemmed(), r.title(), r.author(), r.proximity());
    }
}
