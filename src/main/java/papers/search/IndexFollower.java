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
 * commands without a follower; {@link #rebuild} builds the whole index from the store.
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
    private boolean behind;

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
        // Changes after this are applied by the next catch-up; below it, numbers still in flight stay gaps.
        ChangeLogReader from = papers.changeReader(papers.lastChange(), clock);
        long seq = from.safeSeq();
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
    private synchronized void changed(ChangeLogReader.Batch batch) {
        if (behind) { // a batch failed: read again from the index's last committed position
            reader = null;
            catchUp();
            behind = false;
        }
        try {
            apply(batch);
        } catch (RuntimeException e) {
            behind = true;
            throw e;
        }
        if (++rounds % VECTOR_CHECK_ROUNDS == 0) {
            addMissingVectors(); // embeddings computed by another process (papers embed)
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
     * its own reader, then applies each batch the follower delivers.
     */
    public synchronized void start(ChangeFollower changes) {
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
        changes.start();
    }

    @Override
    public void close() {
        // The follower's thread belongs to the app, which closes it; nothing of this class's own to stop.
    }
}
