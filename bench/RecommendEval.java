import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import papers.App;
import papers.Config;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;
import papers.paper.Author;
import papers.paper.Paper;
import papers.recommend.LinearModel;
import papers.recommend.Taste;
import papers.search.Progress;

/**
 * Offline evaluation of "For you" on the real Hugging Face papers. Simulated readers are authors with at least 4
 * listed papers spread over at least 2 months; a reader "liked" the earlier half of their papers (the signals), and
 * each later paper must be found among the papers listed in its ISO week. Every method ranks each such week; the
 * reader's later papers of that week are the relevant ones. Prints nDCG@10 and recall@10 (means over reader-weeks)
 * for the baselines (most upvoted, newest, centroid cosine, arxiv-sanity-style SVM, co-authors of the liked papers)
 * and the shipped {@link Taste}; then a search of the score's weights on half of the readers, judged on the other
 * half beside the shipped weights and the co-author baseline; then the time to refit one reader and to rank a week
 * for 10,000 readers.
 *
 * The reader's own name is never a feature: it is on every one of their papers, which no real reader's is, so
 * co-author features count only the other authors of the liked papers.
 */
public class RecommendEval {

    static final int K = 10;
    static final int MAX_READERS = Integer.getInteger("readers", 1500);

    static final boolean GRID = Boolean.getBoolean("grid");
    static final Map<String, double[]> grid = new LinkedHashMap<>();
    /** logit, nearest, co-author, popularity */
    static final double[][] GRID_WEIGHTS = {
        {1, 0, 0, 0}, {0, 1, 0, 0}, {1, 3, 0, 0}, {1, 3, 0, 0.1}, {1, 3, 0, 0.2}, {1, 3, 2.5, 0.1},
        {1, 3, 5, 0.1}, {1, 3, 2.5, 0}, {0, 0, 1, 0}, {0, 0, 1, 0.01},
    };

    record Reader(String name, List<Paper> liked, Map<String, List<Paper>> testWeeks) { }

    /**
     * One reader-week kept for the weight fit: each candidate's unweighted parts ({@link Taste#parts}), candidates in
     * id order (ties go to the smaller id, as {@link #add} breaks them), and which are relevant.
     */
    record Week(boolean heldOut, double[][] parts, boolean[] relevant, int relevantCount) { }

    /**
     * Weight candidates for the held-out fit (the logit's weight is 1): nearest liked paper, co-author evidence
     * (sum of log(1 + liked papers) over the paper's known co-authors), popularity, and two co-author features the
     * shipped score lacks: how many of the paper's authors are known co-authors, and what share of its authors they are.
     */
    static final double[] NEAREST = {0, 1, 3};
    static final double[] COAUTHOR = {0, 1, 2.5, 5};
    static final double[] POPULARITY = {0, 0.05, 0.1};
    static final double[] DISTINCT = {0, 1, 2.5, 5};
    static final double[] SHARE = {0, 2.5, 5, 10, 20};

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path work = Path.of(args[1]);
        if (!Files.exists(data)) {
            System.out.println("skipped: " + data + " is missing (it lives in the shared data folder, not in a clone)");
            return;
        }
        Files.createDirectories(work);
        try (App app = App.open(Config.from(Map.of("PAPERS_HOME", work.toAbsolutePath().toString())))) {
            if (app.papers().count() == 0) {
                app.importer().run(ImportFormat.HF_DAILY, data.toString(), 0, ImportProgress.NONE);
            }
            if (app.embeddings().countMissing() > 0) {
                long t0 = System.nanoTime();
                long n = app.searchParts().embeddingWorker().embedMissing(Progress.NONE);
                System.out.printf("embedded %,d papers in %.0f s (kept in %s for the next run)%n", n,
                        (System.nanoTime() - t0) / 1e9, work);
            }
            List<Paper> corpus = new ArrayList<>();
            app.papers().forEachPaper(p -> {
                if (p.listedOn() != null) {
                    corpus.add(p);
                }
            });
            Map<String, float[]> vectors = new HashMap<>();
            app.embeddings().get(corpus.stream().map(Paper::id).toList())
                    .forEach((id, v) -> vectors.put(id, LinearModel.unit(v)));
            corpus.removeIf(p -> !vectors.containsKey(p.id()));
            corpus.sort(Comparator.comparing(Paper::listedOn).thenComparing(Paper::id));
            run(corpus, vectors);
        }
    }

    static String week(LocalDate d) {
        return d.get(IsoFields.WEEK_BASED_YEAR) + "-W" + d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }

    static void run(List<Paper> corpus, Map<String, float[]> vectors) {
        Map<String, List<Paper>> byWeek = new HashMap<>();
        Map<String, List<Paper>> byAuthor = new HashMap<>();
        for (Paper p : corpus) {
            byWeek.computeIfAbsent(week(p.listedOn()), k -> new ArrayList<>()).add(p);
            Set<String> seen = new HashSet<>();
            for (Author a : p.authors()) {
                if (seen.add(a.name())) {
                    byAuthor.computeIfAbsent(a.name(), k -> new ArrayList<>()).add(p);
                }
            }
        }
        List<Reader> readers = new ArrayList<>();
        for (var e : new TreeMap<>(byAuthor).entrySet()) {
            List<Paper> ps = e.getValue();
            if (ps.size() < 4 || ps.get(0).listedOn().plusMonths(2).isAfter(ps.get(ps.size() - 1).listedOn())) {
                continue;
            }
            int half = ps.size() / 2;
            List<Paper> liked = ps.subList(0, half);
            Map<String, List<Paper>> weeks = new LinkedHashMap<>();
            for (Paper p : ps.subList(half, ps.size())) {
                weeks.computeIfAbsent(week(p.listedOn()), k -> new ArrayList<>()).add(p);
            }
            readers.add(new Reader(e.getKey(), liked, weeks));
        }
        int eligible = readers.size();
        java.util.Collections.shuffle(readers, new Random(7));
        if (readers.size() > MAX_READERS) {
            readers = new ArrayList<>(readers.subList(0, MAX_READERS));
        }
        System.out.printf("corpus: %,d listed papers with embeddings, %,d weeks; readers: %,d eligible authors "
                        + "(>= 4 papers over >= 2 months), %,d evaluated (-Dreaders=N)%n", corpus.size(), byWeek.size(),
                eligible, readers.size());

        Map<String, double[]> totals = new LinkedHashMap<>();
        List<Week> kept = new ArrayList<>();
        int queries = 0;
        int readerIndex = 0;
        long fitNanos = 0;
        int fits = 0;
        Random random = new Random(11);
        List<Taste> fitted = new ArrayList<>();
        for (Reader r : readers) {
            boolean heldOut = readerIndex++ % 2 == 1; // every other sampled reader: the weights never see them
            LocalDate split = r.liked.get(r.liked.size() - 1).listedOn();
            Set<String> likedIds = new HashSet<>();
            r.liked.forEach(p -> likedIds.add(p.id()));
            List<Paper> background = background(corpus, split, likedIds);
            long t0 = System.nanoTime();
            Taste.Builder b = Taste.builder(384);
            for (Paper p : r.liked) {
                b.like(p, vectors.get(p.id()), 1.0, "liked");
            }
            background.forEach(p -> b.background(vectors.get(p.id())));
            b.ignoreAuthor(r.name); // the simulated reader's own name is not a signal a real reader has
            Taste shipped = b.build();
            fitNanos += System.nanoTime() - t0;
            fits++;
            if (fitted.size() < 200) {
                fitted.add(shipped);
            }
            Set<String> coauthors = new HashSet<>(); // the other authors of the liked papers, as Taste counts them
            r.liked.forEach(p -> p.authors().forEach(a -> coauthors.add(a.name())));
            coauthors.remove(r.name);
            List<LinearModel.Example> examples = b.examples();
            LinearModel svm = LinearModel.fit(LinearModel.Fit.SVM, examples, 384);
            LinearModel centroid = LinearModel.fit(LinearModel.Fit.CENTROID, examples, 384);
            for (var w : r.testWeeks.entrySet()) {
                List<Paper> candidates = byWeek.get(w.getKey()).stream().filter(p -> !likedIds.contains(p.id()))
                        .toList();
                Set<String> relevant = new HashSet<>();
                w.getValue().forEach(p -> relevant.add(p.id()));
                queries++;
                add(totals, "most upvoted", candidates, relevant, p -> p.upvotes());
                add(totals, "newest", candidates, relevant,
                        p -> p.publishedAt() == null ? 0 : p.publishedAt().getEpochSecond());
                add(totals, "co-authors of liked papers", candidates, relevant,
                        p -> shipped.parts(p, null)[2] + 1e-3 * Math.log1p(p.upvotes()));
                add(totals, "centroid cosine", candidates, relevant, p -> centroid.score(vectors.get(p.id())));
                add(totals, "SVM (arxiv-sanity-lite style)", candidates, relevant,
                        p -> svm.score(vectors.get(p.id())));
                add(totals, "shipped: Taste, embeddings only", candidates, relevant,
                        p -> shipped.embeddingScore(vectors.get(p.id())));
                add(totals, "shipped: Taste (+ co-authors, upvotes)", candidates, relevant,
                        p -> shipped.score(p, vectors.get(p.id())));
                List<Paper> byId = new ArrayList<>(candidates);
                byId.sort(Comparator.comparing(Paper::id));
                double[][] parts = new double[byId.size()][];
                boolean[] rel = new boolean[byId.size()];
                for (int i = 0; i < byId.size(); i++) {
                    Paper p = byId.get(i);
                    double[] x = shipped.parts(p, vectors.get(p.id()));
                    int known = 0;
                    for (Author a : p.authors()) {
                        if (coauthors.contains(a.name())) {
                            known++;
                        }
                    }
                    parts[i] = Arrays.copyOf(x, x.length + 2);
                    parts[i][x.length] = known;
                    parts[i][x.length + 1] = p.authors().isEmpty() ? 0 : (double) known / p.authors().size();
                    rel[i] = relevant.contains(byId.get(i).id());
                }
                kept.add(new Week(heldOut, parts, rel, relevant.size()));
                if (GRID) {
                    Map<String, double[]> partsById = new HashMap<>();
                    candidates.forEach(p -> partsById.put(p.id(), shipped.parts(p, vectors.get(p.id()))));
                    for (double[] g : GRID_WEIGHTS) {
                        add(grid, Arrays.toString(g), candidates, relevant, p -> {
                            double[] x = partsById.get(p.id());
                            return g[0] * x[0] + g[1] * x[1] + g[2] * x[2] + g[3] * x[4];
                        });
                    }
                }
            }
        }
        System.out.printf("%d reader-weeks ranked (each week's listed papers: median %d)%n%n", queries,
                median(byWeek.values().stream().mapToInt(List::size).toArray()));
        System.out.printf("%-42s %8s %10s %10s%n", "method", "nDCG@10", "recall@10", "vs best");
        double best = 0;
        for (var e : totals.entrySet()) {
            if (!e.getKey().startsWith("shipped")) {
                best = Math.max(best, e.getValue()[0] / queries);
            }
        }
        for (var e : totals.entrySet()) {
            double ndcg = e.getValue()[0] / queries;
            System.out.printf("%-42s %8.3f %10.3f %+9.1f%%%n", e.getKey(), ndcg, e.getValue()[1] / queries,
                    100 * (ndcg / best - 1));
        }

        heldOutFit(kept);

        for (var e : grid.entrySet()) {
            System.out.printf("grid %-36s %8.3f %10.3f%n", e.getKey(), e.getValue()[0] / queries,
                    e.getValue()[1] / queries);
        }
        System.out.printf("%nrefit one reader (signals + %d background papers): %.1f ms on average over %d fits%n",
                Taste.BACKGROUND, fitNanos / 1e6 / fits, fits);
        List<Paper> week = byWeek.values().stream().max(Comparator.comparingInt(List::size)).orElseThrow();
        List<float[]> weekVectors = week.stream().map(p -> vectors.get(p.id())).toList();
        long t0 = System.nanoTime();
        long checksum = 0;
        for (int i = 0; i < 10_000; i++) {
            Taste t = fitted.get(i % fitted.size());
            checksum += t.top(week, weekVectors, K).size();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        // Baseline in the same run: the plainest ranking of the same week, by upvotes, 10,000 times.
        long b0 = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            checksum += week.stream().sorted(Comparator.comparingInt(Paper::upvotes).reversed()).limit(K).count();
        }
        double bs = (System.nanoTime() - b0) / 1e9;
        System.out.printf("rank a week of %d papers for 10,000 readers: %.2f s (%.0f readers/s); sorting it by "
                + "upvotes 10,000 times: %.2f s, ratio %.1fx [%d]%n", week.size(), s, 10_000 / s, bs, s / bs, checksum);
    }

    /**
     * Chooses the weights on half of the readers and reports them on the other half, beside the shipped weights and
     * the co-author baseline on the same held-out readers: a weight search that saw the readers it is judged on would
     * flatter itself.
     */
    static void heldOutFit(List<Week> weeks) {
        double[] shippedW = {1, Taste.Weights.SHIPPED.nearest(), Taste.Weights.SHIPPED.coauthor(),
            Taste.Weights.SHIPPED.popularity(), 0, 0};
        double[] coauthorsOnly = {0, 0, 1, 0, 0, 0}; // ties by upvotes below, as the baseline above
        double[] best = null;
        double bestFit = -1;
        double[] bestOld = null; // the best with the shipped features only
        double bestOldFit = -1;
        int combinations = 0;
        for (double n : NEAREST) {
            for (double c : COAUTHOR) {
                for (double pop : POPULARITY) {
                    for (double d : DISTINCT) {
                        for (double share : SHARE) {
                            double[] w = {1, n, c, pop, d, share};
                            double fit = ndcg(weeks, false, w)[0];
                            combinations++;
                            if (fit > bestFit) {
                                bestFit = fit;
                                best = w;
                            }
                            if (d == 0 && share == 0 && fit > bestOldFit) {
                                bestOldFit = fit;
                                bestOld = w;
                            }
                        }
                    }
                }
            }
        }
        System.out.printf("%nweights [logit, nearest, co-authors, popularity, known co-authors, their share] chosen on "
                + "half of the readers (%d combinations), judged on the other half:%n", combinations);
        System.out.printf("%-72s %8s %10s %8s%n", "held-out readers", "nDCG@10", "recall@10", "fit half");
        double[] co = ndcg(weeks, true, coauthorsOnly);
        for (var row : List.of(Map.entry("co-authors of liked papers (ties by upvotes)", coauthorsOnly),
                Map.entry("shipped weights " + Arrays.toString(shippedW), shippedW),
                Map.entry("fitted, shipped features " + Arrays.toString(bestOld), bestOld),
                Map.entry("fitted " + Arrays.toString(best), best))) {
            double[] held = ndcg(weeks, true, row.getValue());
            System.out.printf("%-72s %8.3f %10.3f %8.3f   vs co-authors %+5.1f%%%n", row.getKey(), held[0], held[1],
                    ndcg(weeks, false, row.getValue())[0], 100 * (held[0] / co[0] - 1));
        }
        // Where co-authorship cannot help: weeks whose relevant papers share no author with the liked ones.
        List<Week> strangers = weeks.stream().filter(w -> {
            for (int i = 0; i < w.relevant().length; i++) {
                if (w.relevant()[i] && w.parts()[i][2] > 0) {
                    return false;
                }
            }
            return true;
        }).toList();
        long all = weeks.stream().filter(Week::heldOut).count();
        long none = strangers.stream().filter(Week::heldOut).count();
        System.out.printf("held-out reader-weeks whose relevant papers share no co-author: %d of %d (%.0f %%); nDCG@10 "
                        + "there: co-authors %.3f, shipped %.3f, fitted %.3f%n", none, all, 100.0 * none / all,
                ndcg(strangers, true, coauthorsOnly)[0], ndcg(strangers, true, shippedW)[0],
                ndcg(strangers, true, best)[0]);
    }

    /** Mean nDCG@10 and recall@10 over one half's weeks, scoring logit, nearest, co-authors and popularity by w. */
    static double[] ndcg(List<Week> weeks, boolean heldOut, double[] w) {
        double ndcg = 0;
        double recall = 0;
        int n = 0;
        for (Week week : weeks) {
            if (week.heldOut() != heldOut) {
                continue;
            }
            int size = week.parts().length;
            double[] score = new double[size];
            for (int i = 0; i < size; i++) {
                double[] x = week.parts()[i];
                // without a popularity weight, ties are broken by upvotes (as the co-author baseline above)
                score[i] = w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + (w[3] == 0 ? 1e-3 : w[3]) * x[4]
                        + w[4] * x[5] + w[5] * x[6];
            }
            double dcg = 0;
            int found = 0;
            for (int i = 0; i < size; i++) {
                if (!week.relevant()[i]) {
                    continue;
                }
                int rank = 0; // candidates ahead of it: higher score, or equal with a smaller id
                for (int j = 0; j < size && rank < K; j++) {
                    if (score[j] > score[i] || score[j] == score[i] && j < i) {
                        rank++;
                    }
                }
                if (rank < K) {
                    dcg += 1 / log2(rank + 2);
                    found++;
                }
            }
            double ideal = 0;
            for (int i = 0; i < Math.min(K, week.relevantCount()); i++) {
                ideal += 1 / log2(i + 2);
            }
            ndcg += dcg / ideal;
            recall += (double) found / week.relevantCount();
            n++;
        }
        return new double[] {ndcg / n, recall / n};
    }

    static List<Paper> background(List<Paper> corpus, LocalDate split, Set<String> liked) {
        int end = 0;
        while (end < corpus.size() && !corpus.get(end).listedOn().isAfter(split)) {
            end++;
        }
        List<Paper> out = new ArrayList<>();
        if (end == 0) {
            return out;
        }
        // As the site does: the most recently listed papers up to the reader's last signal are the background.
        for (int i = end - 1; i >= 0 && out.size() < Taste.BACKGROUND; i--) {
            if (!liked.contains(corpus.get(i).id())) {
                out.add(corpus.get(i));
            }
        }
        return out;
    }

    static void add(Map<String, double[]> totals, String method, List<Paper> candidates, Set<String> relevant,
                    ToDoubleFunction<Paper> score) {
        List<Paper> ranked = new ArrayList<>(candidates);
        // ties broken by id so no method profits from the list's order
        ranked.sort(Comparator.comparingDouble(score).reversed().thenComparing(Paper::id));
        double dcg = 0;
        int found = 0;
        for (int i = 0; i < Math.min(K, ranked.size()); i++) {
            if (relevant.contains(ranked.get(i).id())) {
                dcg += 1 / log2(i + 2);
                found++;
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(K, relevant.size()); i++) {
            ideal += 1 / log2(i + 2);
        }
        double[] t = totals.computeIfAbsent(method, k -> new double[2]);
        t[0] += dcg / ideal;
        t[1] += (double) found / relevant.size();
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    static int median(int[] a) {
        Arrays.sort(a);
        return a.length == 0 ? 0 : a[a.length / 2];
    }
}
