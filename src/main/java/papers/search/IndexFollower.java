package papers.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papers.paper.EmbeddingStore;
import papers.paper.Paper;
import papers.paper.PaperChange;
import papers.paper.PaperStore;

/**
 * Keeps the search index in step with the store: it tails the change log from the sequence number the index last
 * committed, re-indexing each changed paper (with its stored embedding when there is one), and adds vectors as the
 * embedding worker stores them. It polls a few times a second, so an import is searchable within a second even
 * when another process wrote it. {@link #rebuild} builds the whole index from the store.
 */
public final class IndexFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IndexFollower.class);
    private static final long POLL_MILLIS = 250;
    private static final int CHANGES_PER_ROUND = 2_000;
    private static final int REBUILD_BATCH = 1_000;
    /** About every 30 s, look for embeddings another process stored (two counts when there are none). */
    private static final long VECTOR_CHECK_ROUNDS = 120;

    private final PaperStore papers;
    private final EmbeddingStore embeddings;
    private final SearchIndex index;
    private final Set<String> embedded = new LinkedHashSet<>();
    private final Object signal = new Object();
    private volatile boolean closed;
    private Thread thread;

    public IndexFollower(PaperStore papers, EmbeddingStore embeddings, SearchIndex index) {
        this.papers = papers;
        this.embeddings = embeddings;
        this.index = index;
    }

    /**
     * Builds the index from every stored paper and its stored embedding (none is computed), replacing what was
     * there. Returns the number of papers indexed.
     */
    public synchronized long rebuild(Progress progress) {
        long seq = papers.lastChange(); // changes after this are applied by the next catch-up
        long total = papers.count();
        index.clear();
        List<Paper> batch = new ArrayList<>(REBUILD_BATCH);
        long[] done = {0};
        progress.update(0, total);
        papers.forEachPaper(p -> {
            batch.add(p);
            if (batch.size() == REBUILD_BATCH) {
                putWithVectors(batch);
                done[0] += batch.size();
                batch.clear();
                progress.update(done[0], Math.max(total, done[0]));
            }
        });
        putWithVectors(batch);
        done[0] += batch.size();
        progress.update(done[0], Math.max(total, done[0]));
        index.commit(seq);
        index.mergeSegments();
        return done[0];
    }

    /** Rebuilds when the index is empty but the store is not (its folder was deleted, or it was never built). */
    public boolean rebuildIfEmpty(Progress progress) {
        if (index.size() == 0 && papers.count() > 0) {
            rebuild(progress);
            return true;
        }
        return false;
    }

    /**
     * Applies every change logged since the index's last commit and every embedding reported since the last round,
     * then commits. Returns the number of papers re-indexed.
     */
    public synchronized int catchUp() {
        int applied = 0;
        long seq = index.appliedSeq();
        while (true) {
            List<PaperChange> changes = papers.changesSince(seq, CHANGES_PER_ROUND);
            if (changes.isEmpty()) {
                break;
            }
            Set<String> ids = new LinkedHashSet<>();
            for (PaperChange c : changes) {
                ids.add(c.paperId());
            }
            applied += reindex(ids);
            seq = changes.getLast().seq();
        }
        List<String> withVectors;
        synchronized (embedded) {
            withVectors = List.copyOf(embedded);
            embedded.clear();
        }
        applied += reindex(withVectors);
        if (applied > 0 || seq != index.appliedSeq()) {
            index.commit(seq);
        }
        return applied;
    }

    /** Told by the embedding worker which papers just got embeddings; the next round adds their vectors. */
    public void embedded(List<String> ids) {
        synchronized (embedded) {
            embedded.addAll(ids);
        }
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /**
     * Adds the vectors of indexed papers that lack one though the store has their embedding (computed by another
     * process, or while the server was down). Returns how many it added.
     */
    public synchronized int addMissingVectors() {
        if (embeddings.count() <= index.vectorCount()) {
            return 0; // the usual case: nothing to walk
        }
        int[] added = {0};
        index.forEachIdWithoutVector(REBUILD_BATCH, ids -> {
            Map<String, float[]> vectors = embeddings.get(ids);
            added[0] += reindex(vectors.keySet());
        });
        if (added[0] > 0) {
            index.commit();
        }
        return added[0];
    }

    private int reindex(Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        Map<String, Paper> byId = papers.findAll(ids);
        int removed = 0;
        for (String id : ids) {
            if (!byId.containsKey(id)) {
                index.delete(id); // hidden by an admin (papers are never deleted otherwise)
                removed++;
            }
        }
        List<Paper> found = new ArrayList<>(byId.values());
        putWithVectors(found);
        return found.size() + removed;
    }

    private void putWithVectors(List<Paper> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, float[]> vectors = embeddings.get(batch.stream().map(Paper::id).toList());
        for (Paper p : batch) {
            index.put(p, vectors.get(p.id()));
        }
    }

    /** Follows the store on a background thread until closed; the store's change events wake it early. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        papers.onChange(() -> {
            synchronized (signal) {
                signal.notifyAll();
            }
        });
        thread = Thread.ofPlatform().name("index-follower").daemon().start(this::loop);
    }

    private void loop() {
        long round = 0;
        while (!closed) {
            try {
                catchUp();
                if (++round % VECTOR_CHECK_ROUNDS == 0) {
                    addMissingVectors(); // embeddings computed by another process (papers embed)
                }
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("updating the search index failed, retrying: {}", e.toString());
            }
            synchronized (signal) {
                try {
                    signal.wait(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
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
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
