package papers.search;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import papers.paper.Paper;

/**
 * Embeds text in-process with the {@link #SHIPPED} model, one of the ONNX models langchain4j ships as Maven artifacts
 * (a dependency, never downloaded at run time): 384 dimensions, returned unit-length so a dot product is the cosine.
 * A model may want its texts marked: e5 is trained on "query: " / "passage: " pairs, bge with an instruction before
 * queries; {@link #embedQuery} and the paper side ({@link #embed}, {@link #embedAll}) add them. Vectors are stored
 * and indexed under the model's name ({@link #MODEL}), so a change of model recomputes them and never mixes them.
 */
public final class Embedder implements AutoCloseable {

    /** A model's files in its jar, how its token vectors are pooled, and how it wants queries and passages marked. */
    public record Model(String name, String onnx, String tokenizer,
                        dev.langchain4j.model.embedding.onnx.PoolingMode pooling, String queryPrefix,
                        String passagePrefix) {
    }

    /** all-MiniLM-L6-v2, int8-quantised: 6 layers, about 7 ms a text; no prefixes. */
    static final Model MINILM_Q = new Model("all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx",
            "all-minilm-l6-v2-q-tokenizer.json", dev.langchain4j.model.embedding.onnx.PoolingMode.MEAN, "", "");

    /** The model the app embeds with; bench/embedding-eval and bench/search-eval fit chose it (README, Search). */
    public static final Model SHIPPED = MINILM_Q;
    public static final String MODEL = SHIPPED.name();
    public static final int DIMENSIONS = 384;

    private final EmbeddingModel model;
    private final Model spec;
    private final java.util.concurrent.atomic.AtomicLong embedded = new java.util.concurrent.atomic.AtomicLong();

    private Embedder(EmbeddingModel model, Model spec) {
        this.model = model;
        this.spec = spec;
    }

    /** Loads the shipped model; DJL's native tokenizer goes to the system default cache (see {@link #open(Path)}). */
    public static Embedder open() {
        return load(SHIPPED, null);
    }

    /**
     * The shipped model on exactly one thread, the caller's, with onnxruntime's own thread pool off: for a server,
     * where embedding is background work and readers come first. By default langchain4j spreads a batch over a pool
     * of normal-priority threads and onnxruntime adds a spinning thread per core, so an import's embeddings took
     * both cores from readers (bench/load: 4.3k requests/s against 15-30k at rest).
     */
    public static Embedder openSingleThreaded(Path cacheDir) {
        setCacheDir(cacheDir);
        try {
            return load(SHIPPED, singleThreaded());
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException("cannot load the embedding model: " + e.getMessage(), e);
        }
    }

    private static ai.onnxruntime.OrtSession.SessionOptions singleThreaded() throws ai.onnxruntime.OrtException {
        ai.onnxruntime.OrtSession.SessionOptions options = new ai.onnxruntime.OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    /**
     * {@code spec}'s model from its jar: with {@code options} on the caller's thread only, or without them on
     * onnxruntime's defaults with langchain4j's pool of a thread per core.
     */
    private static Embedder load(Model spec, ai.onnxruntime.OrtSession.SessionOptions options) {
        try {
            ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
            byte[] onnx;
            try (java.io.InputStream in = resource(spec.onnx())) {
                onnx = in.readAllBytes();
            }
            ai.onnxruntime.OrtSession session = options == null ? env.createSession(onnx)
                    : env.createSession(onnx, options);
            dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder encoder;
            try (java.io.InputStream tokenizer = resource(spec.tokenizer())) {
                encoder = new dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder(env, session, tokenizer,
                        spec.pooling());
            }
            return new Embedder(new InProcessModel(encoder, options == null ? null : Runnable::run), spec);
        } catch (ai.onnxruntime.OrtException | java.io.IOException e) {
            throw new IllegalStateException("cannot load the embedding model: " + e.getMessage(), e);
        }
    }

    /** The model's files, read from its jar on the class path. */
    private static java.io.InputStream resource(String name) throws java.io.IOException {
        java.io.InputStream in = Embedder.class.getResourceAsStream("/" + name);
        if (in == null) {
            throw new java.io.IOException(name + " is missing from the class path");
        }
        return in;
    }

    /**
     * langchain4j's in-process model around an encoder: a batch runs on {@code executor}, or on langchain4j's default
     * pool (a thread per core) when it is null.
     */
    private static final class InProcessModel
            extends dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel {
        private final dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder encoder;

        InProcessModel(dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder encoder,
                       java.util.concurrent.Executor executor) {
            super(executor);
            this.encoder = encoder;
        }

        @Override
        protected dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSIONS;
        }
    }

    /**
     * Loads the shipped model with DJL's extracted native tokenizer library under {@code cacheDir}, so nothing is
     * written to {@code ~/.djl.ai}. DJL reads the property once, when its first class loads, so it is set first.
     */
    public static Embedder open(Path cacheDir) {
        setCacheDir(cacheDir);
        return open();
    }

    private static void setCacheDir(Path cacheDir) {
        if (System.getProperty("DJL_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", cacheDir.toAbsolutePath().toString());
        }
    }

    /** The model this embedder runs. */
    public Model model() {
        return spec;
    }

    /** The vector of a search query, marked as the model wants queries. */
    public float[] embedQuery(String text) {
        embedded.incrementAndGet();
        return unit(model.embed(spec.queryPrefix() + text).content().vector());
    }

    /** The vector of a paper's text ({@link #textOf}), marked as the model wants passages. */
    public float[] embed(String text) {
        embedded.incrementAndGet();
        return unit(model.embed(spec.passagePrefix() + text).content().vector());
    }

    /** {@link #embed} of each text, in one batch. */
    public List<float[]> embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        embedded.addAndGet(texts.size());
        List<TextSegment> segments = texts.stream()
                .map(t -> TextSegment.from(t.isBlank() ? " " : spec.passagePrefix() + t)).toList();
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
