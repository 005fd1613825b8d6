import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import papers.ingest.HfDailyReader;
import papers.ingest.RecordSink;
import papers.paper.Paper;

/**
 * What the relevance benchmarks share: the corpus (Hugging Face daily papers + seed papers), the two query sets —
 * the AI-derived one (a paper's AI keywords or AI summary sentence, title words removed) and the person-written
 * {@code eval/queries-dev.tsv} — and scoring per kind (MRR@10, recall@10), with k-fold splits for fitted parameters.
 */
final class EvalSets {

    static final int K = 10;
    static final int AI_QUERIES = 500;

    /** One query with its one right answer; {@code set} is "ai" or "dev". */
    record Query(String text, String answer, String kind, String set) { }

    /** Reciprocal rank and hit for each query of a list, in order. */
    record Scores(double[] rr) {
        double mrr(List<Integer> which) {
            return which.isEmpty() ? 0 : which.stream().mapToDouble(i -> rr[i]).sum() / which.size();
        }
        double recall(List<Integer> which) {
            return which.isEmpty() ? 0 : which.stream().filter(i -> rr[i] > 0).count() / (double) which.size();
        }
    }

    static Map<String, Paper> corpus(Path data, Path seed) throws IOException {
        Map<String, Paper> corpus = new LinkedHashMap<>();
        for (Path f : List.of(data, seed)) {
            try (InputStream in = Files.newInputStream(f)) {
                new HfDailyReader(null).read(in, new RecordSink() {
                    public void accept(Paper p) { corpus.merge(p.id(), p, Paper::mergedWith); }
                    public void reject(String where, String reason) { }
                });
            } catch (Exception e) {
                throw new IOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return corpus;
    }

    /** The person-written queries of {@code queries-dev.tsv} (header row, then query, id, title, kind). */
    static List<Query> devQueries(Path tsv) throws IOException {
        List<Query> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(tsv, StandardCharsets.UTF_8)) {
            r.readLine();
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("\t");
                if (f.length >= 4) {
                    out.add(new Query(f[0], f[1], f[3], "dev"));
                }
            }
        }
        return out;
    }

    /** Deterministic sample: keyword queries and summary-sentence queries alternate, title words removed. */
    static List<Query> aiQueries(Collection<Paper> papers) {
        List<Paper> candidates = new ArrayList<>(papers.stream()
                .filter(p -> !p.aiKeywords().isEmpty() || p.aiSummary() != null).toList());
        Collections.shuffle(candidates, new Random(42));
        List<Query> out = new ArrayList<>();
        for (Paper p : candidates) {
            if (out.size() == AI_QUERIES) {
                break;
            }
            boolean keywords = out.size() % 2 == 0 ? !p.aiKeywords().isEmpty() : p.aiSummary() == null;
            String raw = keywords ? String.join(" ", p.aiKeywords()) : firstSentence(p.aiSummary());
            String text = withoutTitleWords(raw, p.title());
            if (text.split(" ").length >= 3) {
                out.add(new Query(text, p.id(), keywords ? "ai-keywords" : "ai-summary", "ai"));
            }
        }
        return out;
    }

    static String firstSentence(String s) {
        int end = s.indexOf(". ");
        return end < 0 ? s : s.substring(0, end);
    }

    /** Drops every query word whose first five letters start a title word (catches plurals and other forms). */
    static String withoutTitleWords(String text, String title) {
        Set<String> titleStems = new HashSet<>();
        for (String w : words(title)) {
            titleStems.add(w.length() > 5 ? w.substring(0, 5) : w);
        }
        List<String> kept = new ArrayList<>();
        for (String w : words(text)) {
            if (!titleStems.contains(w.length() > 5 ? w.substring(0, 5) : w)) {
                kept.add(w);
            }
        }
        return String.join(" ", kept);
    }

    static List<String> words(String s) {
        return Arrays.stream(s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
    }

    /** Runs {@code search} on every query; the reciprocal rank of each answer in the top {@value #K} (0 when absent). */
    static Scores score(List<Query> queries, Function<Integer, List<String>> search) {
        double[] rr = new double[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            List<String> ids = search.apply(i);
            int rank = ids.subList(0, Math.min(K, ids.size())).indexOf(queries.get(i).answer());
            rr[i] = rank < 0 ? 0 : 1.0 / (rank + 1);
        }
        return new Scores(rr);
    }

    /** Query indexes by group: "ai" and "dev" (each whole), then every kind. */
    static Map<String, List<Integer>> groups(List<Query> queries) {
        Map<String, List<Integer>> g = new LinkedHashMap<>();
        Map<String, List<Integer>> kinds = new TreeMap<>();
        for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            g.computeIfAbsent(q.set(), k -> new ArrayList<>()).add(i);
            kinds.computeIfAbsent(q.kind(), k -> new ArrayList<>()).add(i);
        }
        g.putAll(kinds);
        return g;
    }

    /** Column headers for {@link #row}: each group with MRR@10 (and recall@10 for the two whole sets). */
    static String header(String first, Map<String, List<Integer>> groups) {
        StringBuilder sb = new StringBuilder(String.format("%-40s", first));
        for (String g : groups.keySet()) {
            sb.append(isSet(g) ? String.format(" %13s", g + " MRR/R") : String.format(" %8s", shortKind(g)));
        }
        return sb.toString();
    }

    static String row(String label, Scores s, Map<String, List<Integer>> groups) {
        StringBuilder sb = new StringBuilder(String.format("%-40s", label));
        for (var e : groups.entrySet()) {
            sb.append(isSet(e.getKey())
                    ? String.format(" %6.3f/%6.3f", s.mrr(e.getValue()), s.recall(e.getValue()))
                    : String.format(" %8.3f", s.mrr(e.getValue())));
        }
        return sb.toString();
    }

    private static boolean isSet(String g) {
        return g.equals("ai") || g.equals("dev");
    }

    private static String shortKind(String kind) {
        return switch (kind) {
            case "author+topic" -> "author";
            case "ai-keywords" -> "ai-kw";
            case "ai-summary" -> "ai-sum";
            default -> kind.length() > 8 ? kind.substring(0, 8) : kind;
        };
    }

    /**
     * Fold of each query for k-fold cross-validation: stratified by kind (each fold holds its share of every kind),
     * deterministic.
     */
    static int[] folds(List<Query> queries, int k) {
        int[] fold = new int[queries.size()];
        Map<String, Integer> seen = new HashMap<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(7));
        for (int i : order) {
            int n = seen.merge(queries.get(i).kind(), 1, Integer::sum);
            fold[i] = n % k;
        }
        return fold;
    }

    /**
     * Cross-validated scores of a parameter chosen from {@code candidates}: for each fold, the candidate with the best
     * mean MRR@10 on the other folds (over both sets equally) is applied to the fold's queries. Prints which
     * candidate each fold picked. {@code scored} holds each candidate's scores on every query.
     */
    static Scores crossValidated(String what, List<Query> queries, int[] fold, int k, List<String> candidates,
                                 List<Scores> scored) {
        double[] rr = new double[queries.size()];
        List<String> picks = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < candidates.size(); c++) {
                double s = balanced(queries, fold, f, scored.get(c));
                if (s > bestScore + 1e-9) {
                    bestScore = s;
                    best = c;
                }
            }
            picks.add(candidates.get(best));
            for (int i = 0; i < queries.size(); i++) {
                if (fold[i] == f) {
                    rr[i] = scored.get(best).rr()[i];
                }
            }
        }
        System.out.printf("  %s: each fold's pick (fitted on the other %d folds): %s%n", what, k - 1, picks);
        return new Scores(rr);
    }

    /** Mean of the two sets' MRR@10 over the queries not in fold {@code f}. */
    private static double balanced(List<Query> queries, int[] fold, int f, Scores s) {
        double sum = 0;
        int sets = 0;
        for (String set : List.of("ai", "dev")) {
            List<Integer> train = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                if (fold[i] != f && queries.get(i).set().equals(set)) {
                    train.add(i);
                }
            }
            if (!train.isEmpty()) {
                sum += s.mrr(train);
                sets++;
            }
        }
        return sets == 0 ? 0 : sum / sets;
    }

    // ---- corpus vectors kept on disk between runs, one file per model

    static Map<String, float[]> readVectors(Path file) throws IOException {
        Map<String, float[]> out = new HashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            int n = in.readInt();
            int dim = in.readInt();
            for (int i = 0; i < n; i++) {
                String id = in.readUTF();
                float[] v = new float[dim];
                for (int j = 0; j < dim; j++) {
                    v[j] = in.readFloat();
                }
                out.put(id, v);
            }
        }
        return out;
    }

    static void writeVectors(Path file, Map<String, float[]> vectors) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(vectors.size());
            out.writeInt(vectors.isEmpty() ? 0 : vectors.values().iterator().next().length);
            for (var e : vectors.entrySet()) {
                out.writeUTF(e.getKey());
                for (float x : e.getValue()) {
                    out.writeFloat(x);
                }
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
