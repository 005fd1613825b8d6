package papers.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papers.paper.EmbeddingStore;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.paper.ReaderGate;

/**
 * Embeds the papers that have no stored embedding, in batches, and stores the vectors. In the background it runs on
 * its own thread, woken after imports: an import never waits for it, and with a {@link ReaderGate} it takes small
 * batches and rests between them while readers are served. {@link #embedMissing} does the same in the foreground
 * ({@code papers embed}, no gate: the machine is its own).
 */
public final class EmbeddingWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingWorker.class);
    static final int BATCH = 32;
    /** While readers are served: a step of about a tenth of a second on one core, then a rest (see ReaderGate). */
    static final int BUSY_BATCH = 8;
    /** A full look for missing embeddings now and then: claims of a node that died expire. */
    private static final long IDLE_POLL_MILLIS = 60_000;
    private static final long CHANGE_POLL_MILLIS = 1_000;
    private long seenChange = -1;

    private final PaperStore papers;
    private final EmbeddingStore embeddings;
    private final Supplier<Embedder> embedder;
    private final Consumer<List<String>> onEmbedded;
    /** Null: this process is the only one embedding (a CLI command); else work is claimed in the store. */
    private final papers.paper.EmbeddingClaims claims;
    private final Object signal = new Object();
    private boolean pending = true;
    private volatile boolean closed;
    private Thread thread;
    /** Null: never rests (the CLI). */
    private volatile ReaderGate gate;

    /** {@code onEmbedded} is told the ids of each stored batch (the index follower adds their vectors). */
    public EmbeddingWorker(PaperStore papers, EmbeddingStore embeddings, Supplier<Embedder> embedder,
                           Consumer<List<String>> onEmbedded) {
        this(papers, embeddings, embedder, onEmbedded, null);
    }

    /** With {@code claims}, papers are claimed in the store before they are embedded: N nodes embed each once. */
    public EmbeddingWorker(PaperStore papers, EmbeddingStore embeddings, Supplier<Embedder> embedder,
                           Consumer<List<String>> onEmbedded, papers.paper.EmbeddingClaims claims) {
        this.claims = claims;
        this.papers = papers;
        this.embeddings = embeddings;
        this.embedder = embedder;
        this.onEmbedded = onEmbedded;
    }

    /** Rests between batches while the gate says readers are being served. */
    public EmbeddingWorker yieldingTo(ReaderGate readers) {
        this.gate = readers;
        return this;
    }

    /** Starts the background thread; it also wakes whenever the store reports a change. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        papers.onChange(this::wake);
        thread = Thread.ofPlatform().name("embedding-worker").daemon().priority(Thread.MIN_PRIORITY)
                .start(this::loop);
    }

    /** Asks the background thread to look for papers without embeddings. */
    public void wake() {
        synchronized (signal) {
            pending = true;
            signal.notifyAll();
        }
    }

    private void loop() {
        while (!closed) {
            synchronized (signal) {
                long waited = 0;
                while (!pending && waited < IDLE_POLL_MILLIS) {
                    try {
                        signal.wait(CHANGE_POLL_MILLIS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    waited += CHANGE_POLL_MILLIS;
                    // Another process's import (a CLI, another node) shows as a newer change-log entry: one cheap
                    // query a second, so its papers are embedded within a second, not at the next idle round.
                    if (!pending && newChanges()) {
                        pending = true;
                    }
                }
                pending = false;
            }
            try {
                embedMissing(Progress.NONE);
            } catch (RuntimeException e) {
                if (closed || Thread.currentThread().isInterrupted()) {
                    return;
                }
                LOG.warn("embedding papers failed, retrying in a while: {}", e.toString());
                synchronized (signal) {
                    try {
                        signal.wait(10_000); // woken at once by close()
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    private boolean newChanges() {
        try {
            long last = papers.lastChange();
            boolean changed = seenChange >= 0 && last != seenChange;
            seenChange = last;
            return changed;
        } catch (RuntimeException e) {
            return false; // the database is away; the next poll asks again
        }
    }

    /**
     * Embeds every paper without an embedding, batch by batch, until none is left; returns how many it stored.
     * Papers whose text changes meanwhile are embedded again with their new text.
     */
    public long embedMissing(Progress progress) {
        long total = embeddings.countMissing();
        long done = 0;
        progress.update(0, total);
        String lastFirst = null;
        int sameFirst = 0;
        while (!closed) {
            ReaderGate g = gate;
            long started = System.nanoTime();
            int size = g != null && g.readersActive() ? BUSY_BATCH : BATCH;
            List<String> ids = claims != null ? claims.claim(size) : embeddings.missingIds(size);
            if (ids.isEmpty()) {
                break;
            }
            // A batch that keeps coming back (its text changing under us every time) is skipped for this round.
            if (ids.getFirst().equals(lastFirst) && ++sameFirst > 3) {
                LOG.warn("papers from {} keep changing while being embedded; will retry later", lastFirst);
                break;
            }
            if (!ids.getFirst().equals(lastFirst)) {
                sameFirst = 0;
            }
            lastFirst = ids.getFirst();
            long seq = papers.lastChange();
            Map<String, Paper> found = papers.findAll(ids);
            List<Paper> batch = new ArrayList<>();
            for (String id : ids) {
                if (found.containsKey(id)) {
                    batch.add(found.get(id));
                }
            }
            List<float[]> vectors = embedder.get().embedAll(batch.stream().map(Embedder::textOf).toList());
            embeddings.put(batch, vectors, seq);
            if (claims != null) {
                claims.release(ids);
            }
            done += batch.size();
            progress.update(done, Math.max(total, done));
            onEmbedded.accept(batch.stream().map(Paper::id).toList());
            if (g != null) {
                g.restAfterStep(System.nanoTime() - started);
                if (Thread.currentThread().isInterrupted()) {
                    break; // closing
                }
            }
        }
        return done;
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                // Long enough for a batch or a model load to finish: onnxruntime must not be inside a call when
                // its own shutdown hook frees its environment (a SIGSEGV otherwise).
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
