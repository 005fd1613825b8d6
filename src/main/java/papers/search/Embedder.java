package papers.search;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import papers.paper.Paper;

/**
 * Embeds text in-process with all-MiniLM-L6-v2, quantized (langchain4j's bundled ONNX model): 384 dimensions,
 * returned unit-length so a dot product is the cosine. About 7 ms a text on one of these machines.
 */
public final class Embedder implements AutoCloseable {

    public static final String MODEL = "all-minilm-l6-v2-q";
    public static final int DIMENSIONS = 384;

    private final EmbeddingModel model;
    private final java.util.concurrent.atomic.AtomicLong embedded = new java.util.concurrent.atomic.AtomicLong();

    private Embedder(EmbeddingModel model) {
        this.model = model;
    }

    /** Loads the bundled model; DJL's native tokenizer goes to the system default cache (see {@link #open(Path)}). */
    public static Embedder open() {
        return new Embedder(new AllMiniLmL6V2QuantizedEmbeddingModel());
    }

    /**
     * Loads the bundled model with DJL's extracted native tokenizer library under {@code cacheDir}, so nothing is
     * written to {@code ~/.djl.ai}. DJL reads the property once, when its first class loads, so it is set first.
     */
    public static Embedder open(Path cacheDir) {
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", cacheDir.toAbsolutePath().toString());
        }
        return open();
    }

    /** The vector of a search query (the same as any text for this model; e5 and bge would want a prefix). */
    public float[] embedQuery(String text) {
        return embed(text);
    }

    public float[] embed(String text) {
        embedded.incrementAndGet();
        return unit(model.embed(text).content().vector());
    }

    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        embedded.addAndGet(texts.size());
        List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(t.isBlank() ? " " : t)).toList();
        List<Embedding> out = model.embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(out.size());
        for (Embedding e : out) {
            vectors.add(unit(e.vector()));
        }
        return vectors;
    }

    /** How many texts this embedder has embedded (throughput figures; tests check that nothing is recomputed). */
    public long textsEmbedded() {
        return embedded.get();
    }

    /** What a paper is embedded as: its title and abstract (title alone embeds much worse). */
    public static String textOf(Paper p) {
        return p.abstractText().isBlank() ? p.title() : p.title() + ". " + p.abstractText();
    }

    static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        if (sum == 0) {
            return v;
        }
        float inv = (float) (1 / Math.sqrt(sum));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }

    @Override
    public void close() {
        // The ONNX session lives as long as the JVM; nothing to release per instance.
    }
}
