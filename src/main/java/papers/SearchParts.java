package papers;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import papers.paper.ChangeFollower;
import papers.paper.Database;
import papers.paper.EmbeddingClaims;
import papers.paper.EmbeddingStore;
import papers.paper.PaperStore;
import papers.paper.ReaderGate;
import papers.search.Embedder;
import papers.search.EmbeddingWorker;
import papers.search.IndexFollower;
import papers.search.IndexRepair;
import papers.search.Progress;
import papers.search.SearchIndex;
import papers.search.SearchService;

/**
 * Search as this process runs it: the index in PAPERS_HOME/index (derived data, rebuilt from the store), the follower
 * that keeps it in step with the store, the embedding model, the worker that embeds papers without a vector, and the
 * service readers search through. Each is made on first use, so a command opens only what it needs. Once
 * {@link #stop()} ran no model is loaded and no background work starts: onnxruntime frees its environment in its own
 * shutdown hook, and a session created after that crashes the JVM.
 *
 * <p>Lock order: the {@link App}'s lock (its change follower starts where this index stands), then this one. Nothing
 * here asks for the change follower while holding this lock.
 */
public final class SearchParts implements AutoCloseable {

    private final Path home;
    private final Database database;
    private final PaperStore papers;
    private final EmbeddingStore embeddings;
    private final Clock clock;
    private final Seams.ModelOpener model;
    private final ReaderGate readerGate;
    /** The process's follower of the change log, which starts where this index stands (so it is the App's). */
    private final Supplier<ChangeFollower> changes;
    private volatile Embedder embedder;
    private SearchIndex index;
    private IndexFollower follower;
    private EmbeddingWorker worker;
    private SearchService search;
    private boolean stopping;

    SearchParts(Path home, Database database, PaperStore papers, EmbeddingStore embeddings, Clock clock,
                Seams.ModelOpener model, ReaderGate readerGate, Supplier<ChangeFollower> changes) {
        this.home = home;
        this.database = database;
        this.papers = papers;
        this.embeddings = embeddings;
        this.clock = clock;
        this.model = model;
        this.readerGate = readerGate;
        this.changes = changes;
    }

    /** The embedding model, loaded on first use; DJL's native files go to PAPERS_HOME/cache/djl, not ~/.djl.ai. */
    public synchronized Embedder embedder() {
        if (stopping) {
            throw new IllegalStateException("shutting down: the embedding model is not loaded any more");
        }
        if (embedder == null) {
            embedder = model.open(home.resolve("cache").resolve("djl")); // one thread serving; every core to embed
        }
        return embedder;
    }

    /** The model if it was loaded, else null; not synchronized, so a metrics scrape never waits for a start-up. */
    Embedder embedderIfLoaded() {
        return embedder;
    }

    /** The search index in PAPERS_HOME/index (derived data: deleted, it is rebuilt from the store). */
    public synchronized SearchIndex index() {
        if (index == null) {
            index = IndexRepair.open(home.resolve("index")); // damaged: emptied, rebuilt
        }
        return index;
    }

    /**
     * For commands that only search while {@code serve} writes the index: opens it read-only (the server keeps it
     * current). Returns false when this process already holds the index for writing.
     */
    public synchronized boolean useIndexReadOnly() {
        if (index != null) {
            return false;
        }
        index = SearchIndex.openReadOnly(home.resolve("index"));
        return true;
    }

    /** Keeps the index in step with the store (see {@link #startUpdates()}); also rebuilds it. */
    public synchronized IndexFollower indexFollower() {
        if (follower == null) {
            follower = new IndexFollower(papers, embeddings, index()); // start() subscribes it to the change log
        }
        return follower;
    }

    /** Embeds papers that have none; in the background once {@link #startUpdates()} ran. */
    public EmbeddingWorker embeddingWorker() {
        ChangeFollower log = changes.get(); // outside this lock: the App's lock is taken before this one, never inside
        synchronized (this) {
            if (worker == null) {
                IndexFollower f = indexFollower();
                // Claimed in the store: several serve nodes (or a serve and a papers embed) embed each paper once.
                worker = new EmbeddingWorker(papers, embeddings, this::embedder, f::embedded,
                        new EmbeddingClaims(database, Embedder.MODEL, nodeId(), clock, Duration.ofMinutes(2)))
                        .yieldingTo(readerGate);
                EmbeddingWorker w = worker;
                log.subscribe(batch -> { // papers written by other processes need vectors too
                    if (!batch.isEmpty()) {
                        w.wake();
                    }
                });
            }
            return worker;
        }
    }

    public synchronized SearchService service() {
        if (search == null) {
            search = new SearchService(index(), embeddings, this::embedder);
        }
        return search;
    }

    /**
     * For {@code serve}: builds the index if it is empty (first start, or its folder was deleted), catches up with
     * the store, then follows it and embeds new papers in the background.
     */
    public void startUpdates() {
        IndexFollower f = indexFollower();
        if (!f.rebuildIfEmpty(Progress.NONE)) {
            f.catchUp();
            f.addMissingVectors();
        }
        ChangeFollower log = changes.get();
        EmbeddingWorker w = embeddingWorker();
        synchronized (this) {
            if (stopping) { // stop() closes only what was started before it
                return;
            }
            f.start(log);
            w.start();
        }
    }

    /** Loads no model and starts no background work from now on; what runs goes on until {@link #stopWorker()}. */
    synchronized void stop() {
        stopping = true;
    }

    /** Stops the embedding worker: it finishes its batch, and no thread of ours is inside onnxruntime after this. */
    void stopWorker() {
        EmbeddingWorker w;
        synchronized (this) {
            w = worker;
        }
        if (w != null) {
            w.close();
        }
    }

    /**
     * Stops all of it: the worker first (outside this lock, as it may be asking for the model), then the follower and
     * the index. The change log's follower, which feeds the index follower, is closed before this.
     */
    @Override
    public void close() {
        stop();
        stopWorker();
        synchronized (this) {
            if (follower != null) {
                follower.close();
            }
            if (index != null) {
                index.close();
            }
        }
    }

    /** This process among the nodes sharing the store: host, process id and a random part. */
    private static String nodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown";
        }
        return host + "/" + ProcessHandle.current().pid() + "/"
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffff);
    }
}
