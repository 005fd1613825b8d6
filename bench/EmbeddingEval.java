import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import papers.paper.Paper;
import papers.search.Embedder;

/**
 * Compares the in-process embedding models langchain4j ships as Maven artifacts on this corpus: relevance per query
 * kind (vector alone, exact cosine; and min-max blended with textbook BM25 at a cross-validated weight), papers
 * embedded per second, and one query's embedding time. Each model's corpus vectors are computed once and kept in
 * target/search-eval/vectors/MODEL.bin. Run with bench/embedding-eval [MODEL...].
 */
public class EmbeddingEval {

    /** A model and how it wants its texts: e5 is trained with "query: " / "passage: ", bge with an instruction. */
    record Model(String name, Supplier<EmbeddingModel> load, String queryPrefix, String passagePrefix) { }

    static final List<Model> MODELS = List.of(
            new Model("all-minilm-l6-v2-q",
                    dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel::new,
                    "", ""),
            new Model("all-minilm-l6-v2",
                    dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel::new, "", ""),
            new Model("e5-small-v2-q",
                    dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel::new,
                    "query: ", "passage: "),
            new Model("e5-small-v2",
                    dev.langchain4j.model.embedding.onnx.e5smallv2.E5SmallV2EmbeddingModel::new,
                    "query: ", "passage: "),
            new Model("bge-small-en-v15-q",
                    dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel::new,
                    "Represent this sentence for searching relevant passages: ", ""),
            new Model("bge-small-en-v15",
                    dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel::new,
                    "Represent this sentence for searching relevant passages: ", ""));

    static final int CANDIDATES = 100;
    static final float[] WEIGHTS = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f};

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path seed = Path.of(args[1]);
        Path dev = Path.of(args[2]);
        Path work = Path.of(args[3]);
        List<String> wanted = Arrays.asList(args).subList(4, args.length);
        Map<String, Paper> corpus = EvalSets.corpus(data, seed);
        List<EvalSets.Query> queries = new ArrayList<>(EvalSets.aiQueries(corpus.values()));
        queries.addAll(EvalSets.devQueries(dev));
        int subset = Integer.getInteger("eval.subset", 0);
        if (subset > 0) {
            // Every query's answer plus random others up to `subset` papers: embedding the whole corpus with each
            // larger model takes too long on a shared machine; the models still compete on the same papers.
            List<String> others = new ArrayList<>(corpus.keySet());
            java.util.Collections.shuffle(others, new java.util.Random(11));
            java.util.LinkedHashSet<String> keep = new java.util.LinkedHashSet<>();
            queries.forEach(q -> keep.add(q.answer()));
            for (String id : others) {
                if (keep.size() >= subset) {
                    break;
                }
                keep.add(id);
            }
            corpus.keySet().retainAll(keep);
            System.out.printf("sub-corpus: the %d answers and random others, %d papers%n",
                    queries.stream().map(EvalSets.Query::answer).distinct().count(), corpus.size());
        }
        var groups = EvalSets.groups(queries);
        int[] fold = EvalSets.folds(queries, 5);
        System.out.printf("corpus %,d papers; %d queries (%d AI-derived, %d person-written)%n", corpus.size(),
                queries.size(), groups.get("ai").size(), groups.get("dev").size());

        TextbookBm25 bm25 = new TextbookBm25(corpus.values());
        List<List<TextbookBm25.Hit>> lexical = new ArrayList<>();
        for (EvalSets.Query q : queries) {
            lexical.add(bm25.search(q.text(), CANDIDATES));
        }
        List<String> ids = new ArrayList<>(corpus.keySet());
        System.out.println(EvalSets.header("model", groups));
        System.out.println(EvalSets.row("textbook BM25", EvalSets.score(queries,
                i -> lexical.get(i).stream().map(TextbookBm25.Hit::id).toList()), groups));
        List<String> speed = new ArrayList<>();
        for (Model m : MODELS) {
            if (!wanted.isEmpty() && !wanted.contains(m.name())) {
                continue;
            }
            long l0 = System.nanoTime();
            EmbeddingModel model = m.load().get();
            double loadS = (System.nanoTime() - l0) / 1e9;
            Path file = work.resolve("vectors").resolve(m.name() + ".bin");
            Map<String, float[]> vectors = EvalSets.readVectors(file);
            String rate = "reused";
            List<Paper> papers = corpus.values().stream().filter(p -> !vectors.containsKey(p.id())).toList();
            if (!papers.isEmpty()) {
                long t0 = System.nanoTime();
                for (int i = 0; i < papers.size(); i += 64) {
                    List<Paper> batch = papers.subList(i, Math.min(papers.size(), i + 64));
                    var out = model.embedAll(batch.stream()
                            .map(p -> TextSegment.from(m.passagePrefix() + Embedder.textOf(p))).toList()).content();
                    for (int j = 0; j < batch.size(); j++) {
                        vectors.put(batch.get(j).id(), unit(out.get(j).vector()));
                    }
                }
                double s = (System.nanoTime() - t0) / 1e9;
                rate = String.format("%.0f papers/s", papers.size() / s);
                EvalSets.writeVectors(file, vectors);
            }
            System.out.printf("  %s: corpus %s%n", m.name(), rate);
            float[][] matrix = new float[ids.size()][];
            for (int i = 0; i < ids.size(); i++) {
                matrix[i] = vectors.get(ids.get(i));
            }
            long[] nanos = new long[queries.size()];
            List<List<TextbookBm25.Hit>> nearest = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                long t0 = System.nanoTime();
                float[] q = unit(model.embed(m.queryPrefix() + queries.get(i).text()).content().vector());
                nanos[i] = System.nanoTime() - t0;
                nearest.add(nearest(q, matrix, ids, CANDIDATES));
            }
            Arrays.sort(nanos);
            speed.add(String.format("%-22s corpus %s; query %.1f ms median, %.1f ms p99; load %.1f s", m.name(), rate,
                    nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 99 / 100] / 1e6, loadS));
            System.out.println(EvalSets.row(m.name() + " alone", EvalSets.score(queries,
                    i -> nearest.get(i).stream().map(TextbookBm25.Hit::id).toList()), groups));
            List<String> names = new ArrayList<>();
            List<EvalSets.Scores> scored = new ArrayList<>();
            for (float w : WEIGHTS) {
                names.add(String.format("%.1f", w));
                scored.add(EvalSets.score(queries, i -> blend(lexical.get(i), nearest.get(i), w)));
            }
            EvalSets.Scores cv = EvalSets.crossValidated(m.name() + " blend weight", queries, fold, 5, names, scored);
            System.out.println(EvalSets.row("BM25 + " + m.name() + " (CV)", cv, groups));
        }
        System.out.println();
        speed.forEach(System.out::println);
    }

    static List<TextbookBm25.Hit> nearest(float[] q, float[][] matrix, List<String> ids, int n) {
        List<TextbookBm25.Hit> all = new ArrayList<>(matrix.length);
        for (int d = 0; d < matrix.length; d++) {
            float[] v = matrix[d];
            double dot = 0;
            for (int j = 0; j < v.length; j++) {
                dot += q[j] * v[j];
            }
            all.add(new TextbookBm25.Hit(ids.get(d), dot));
        }
        all.sort((a, b) -> Double.compare(b.score(), a.score()));
        return all.subList(0, n);
    }

    /** Min-max normalised scores of both lists, {@code w} on the vector side. */
    static List<String> blend(List<TextbookBm25.Hit> lex, List<TextbookBm25.Hit> vec, float w) {
        Map<String, Double> s = new LinkedHashMap<>();
        add(s, lex, 1 - w);
        add(s, vec, w);
        return s.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .map(Map.Entry::getKey).limit(EvalSets.K).toList();
    }

    static void add(Map<String, Double> into, List<TextbookBm25.Hit> hits, double share) {
        if (hits.isEmpty()) {
            return;
        }
        double max = hits.getFirst().score();
        double min = hits.getLast().score();
        for (TextbookBm25.Hit h : hits) {
            double norm = max > min ? (h.score() - min) / (max - min) : 1;
            into.merge(h.id(), share * norm, Double::sum);
        }
    }

    static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        float inv = (float) (1 / Math.sqrt(sum));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }
}
