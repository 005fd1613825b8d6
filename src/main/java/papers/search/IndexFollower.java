package papers.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papers.paper.ChangeFollower;
import papers.paper.ChangeLogReader;
import papers.paper.EmbeddingStore;
import papers.paper.Paper;
import papers.paper.PaperChange;
import papers.paper.PaperStore;

/**
 * Keeps the search index in step with the store: a subscriber of the process's {@link ChangeFollower}, it
 * re-indexes each changed paper (with its stored embedding when there is one), adds vectors as the embedding worker
 * stores them, and commits with the index the change-log position safe to restart from (below any change still in
 * flight, see {@link ChangeLogReader}). {@link #catchUp} does the same at once with a reader of its own, for
 * commands without a follower; {@link #rebuild} builds the whole index from the store. It is also the index's
 * repair: when the index's files turn out damaged while open (a search or a commit fails on them, or the folder is
 * gone), it rebuilds the index from the store on a background thread while searches answer "being rebuilt".
 */
public final class IndexFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IndexFollower.class);
    private static final int CHANGES_PER_ROUND = 2_000;
    private static final int REBUILD_BATCH = 1_000;
    /** About every 30 s, look for embeddings another process stored (two counts when there are none). */
    private static final long VECTOR_CHECK_ROUNDS = 120;

    private final PaperStore papers;
    private final EmbeddingStore embeddings;
    private final SearchIndex index;
    private final Set<String> embedded = new LinkedHashSet<>();
    private final java.time.Clock clock = java.time.Clock.systemUTC();
    /** {@link #catchUp}'s own reader, made from the index's position on first use. */
    private ChangeLogReader reader;
    private ChangeFollower follower;
    private long rounds;
    /** A delivered batch could not be applied: the next one first catches up from the index's position. */
    private volatile boolean behind;
    private volatile boolean closed;
    /** The repair running or last run (tests wait for it). */
    private volatile Thread repairing;
    /** Between two tries of a repair that failed (the store not answering). */
    private static final long REPAIR_RETRY_MILLIS = 5_000;

    public IndexFollower(PaperStore papers, EmbeddingStore embeddings, SearchIndex index) {
        this.papers = papers;
        this.embeddings = embeddings;
        this.index = index;
        index.onDamage(this::repairInBackground);
    }

    /**
     * Builds the index from every stored paper and its stored embedding (none is computed), replacing what was
     * there. Returns the number of papers indexed.
     */
    public synchronized long rebuild(Progress progress) {
        // Changes after this are applied by the next catch-up; below it, numbers still in flight stay gaps.
        ChangeLogReader from = papers.changeReader(papers.lastChange(), clock);
        long seq = from.safeSeq();
        long total = papers.count();
        index.clear();
        List<Paper> batch = new ArrayList<>(REBUILD_BATCH);
        long[] done = {0};
        progress.update(0, total);
        papers.forEachPaper(p -> {
            if (closed) {
                throw new java.util.concurrent.CancellationException("closing: the rebuild resumes at the next start");
            }
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
        reader = from;
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
        if (reader == null) {
            reader = papers.changeReader(index.appliedSeq(), clock);
        }
        int applied = 0;
        while (true) {
            ChangeLogReader.Batch batch = reader.read(CHANGES_PER_ROUND);
            applied += apply(batch);
            if (batch.changes().size() < CHANGES_PER_ROUND) {
                return applied;
            }
        }
    }

    /** Re-indexes a batch's papers and those that got vectors, then commits the batch's safe position. */
    private int apply(ChangeLogReader.Batch batch) {
        int applied = reindex(new LinkedHashSet<>(batch.paperIds()));
        List<String> withVectors;
        synchronized (embedded) {
            withVectors = List.copyOf(embedded);
            embedded.clear();
        }
        applied += reindex(withVectors);
        if (applied > 0 || batch.safeSeq() != index.appliedSeq()) {
            index.commit(batch.safeSeq());
        }
        return applied;
    }

    /** A batch from the change follower (on its thread). */
    private void changed(ChangeLogReader.Batch batch) {
        if (index.isRebuilding()) { // the repair indexes everything up to its start; the rest is caught up after
            behind = true;
            return;
        }
        if (index.filesGone() && index.damaged(new java.nio.file.NoSuchFileException("the index folder was deleted"))) {
            behind = true;
            return;
        }
        synchronized (this) {
            try {
                if (behind) { // a batch failed or was skipped: read again from the index's last committed position
                    reader = null;
                    catchUp();
                    behind = false;
                }
                apply(batch);
            } catch (RuntimeException | InternalError e) {
                behind = true;
                if ((IndexRepair.damaged(e) || index.filesGone()) && index.damaged(e)) {
                    return; // being rebuilt: no point retrying four times a second
                }
                throw e;
            }
            if (++rounds % VECTOR_CHECK_ROUNDS == 0) {
                addMissingVectors(); // embeddings computed by another process (papers embed)
            }
        }
    }

    /** Starts {@link #repair()} on a thread of its own (the index's damage report calls it). */
    private void repairInBackground() {
        repairing = Thread.ofPlatform().name("index-repair").daemon().priority(Thread.MIN_PRIORITY)
                .start(this::repair);
    }

    /**
     * Empties the damaged index and rebuilds it from the store, then lets searches in again; the batches skipped
     * meanwhile are caught up from the rebuild's position by the next round. Tries again every few seconds while
     * the store fails, until closed.
     */
    private void repair() {
        while (!closed) {
            try {
                long indexed;
                synchronized (this) {
                    index.reopenEmpty();
                    indexed = rebuild(Progress.NONE);
                    behind = true;
                }
                index.rebuilt();
                LOG.info("rebuilt the damaged search index from the store: {} papers", indexed);
                ChangeFollower f = follower;
                if (f != null) {
                    f.wake();
                }
                return;
            } catch (RuntimeException | InternalError e) {
                if (closed) {
                    return;
                }
                LOG.warn("rebuilding the search index failed, trying again in {} s: {}", REPAIR_RETRY_MILLIS / 1000,
                        e.toString());
                try {
                    Thread.sleep(REPAIR_RETRY_MILLIS);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Waits for the repair started by the last damage report, if any (tests). */
    public void awaitRepair() throws InterruptedException {
        Thread t = repairing;
        if (t != null) {
            t.join();
        }
    }

    /** Told by the embedding worker which papers just got embeddings; the next round adds their vectors. */
    public void embedded(List<String> ids) {
        synchronized (embedded) {
            embedded.addAll(ids);
        }
        ChangeFollower f = follower;
        if (f != null) {
            f.wake();
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

    /**
     * Follows the store through {@code changes} (started here if it was not) until closed: catches up first with
     * its own reader, then applies each batch the follower delivers. Locks are taken in one order: the change
     * follower's, then this one's.
     */
    public void start(ChangeFollower changes) {
        synchronized (this) {
            if (follower != null) {
                return;
            }
            catchUp();
            follower = changes;
            changes.subscribe(batch -> {
                try {
                    changed(batch);
                } catch (RuntimeException e) {
                    LOG.warn("updating the search index failed, retrying: {}", e.toString());
                    throw e;
                }
            });
        }
        // Outside this object's lock: the follower delivers a batch holding its own lock and then takes this one,
        // so taking them the other way round here deadlocked a start while the follower's thread already ran.
        changes.start();
    }

    /** Stops a repair in progress (the index is rebuilt at the next start); the follower's thread is the app's. */
    @Override
    public void close() {
        closed = true;
        Thread t = repairing;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
