package papers.paper;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The one way to change a paper: lock, check it is visible, update, append to the change log, and after the commit
 * tell this process's followers. Votes, comments, submissions, claims, moderation and sources call it; imports go
 * through {@link PaperStore#upsert}, which takes the same lock and writes the same log. The change-log rows are
 * what caches, the search index and other nodes follow, so a write that forgets one is never seen: having one
 * owner is how none forgets.
 */
public final class PaperChanges {

    /** How a change holds the store-wide paper lock (PostgreSQL; SQLite serialises writers anyway). */
    public enum Lock {
        /** Counts changed by atomic increments: they may interleave, but never with an import's read-merge-write. */
        SHARED,
        /** A read-modify-write of paper fields, as an import does: alone. */
        EXCLUSIVE
    }

    /** What an update did: its result for the caller, and the papers it changed (each gets a change-log row). */
    public record Done<R>(R result, List<String> changed) {
        public static <R> Done<R> changed(R result, String... paperIds) {
            return new Done<>(result, List.of(paperIds));
        }

        public static <R> Done<R> unchanged(R result) {
            return new Done<>(result, List.of());
        }
    }

    private final Jdbi jdbi;
    private final boolean postgres;
    private final Clock clock;
    private final Runnable notify;

    PaperChanges(Jdbi jdbi, boolean postgres, Clock clock, Runnable notify) {
        this.jdbi = jdbi;
        this.postgres = postgres;
        this.clock = clock;
        this.notify = notify;
    }

    /** The time written with a change: ISO-8601 UTC to the second. */
    public String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /**
     * Runs {@code update} on a paper that is here and not hidden; empty when there is none (nothing runs then).
     * The update gets the transaction's handle and {@link #now()}.
     */
    public <R> Optional<R> changeListed(String paperId, Lock lock, BiFunction<Handle, String, Done<R>> update) {
        return change(lock, (h, now) -> PaperStore.isListed(h, paperId) ? update.apply(h, now) : Done.unchanged(null));
    }

    /**
     * Runs {@code update} for changes that find their paper themselves (a comment's, a hidden one): lock, update,
     * a change-log row per changed paper, commit, notify.
     */
    public <R> Optional<R> change(Lock lock, BiFunction<Handle, String, Done<R>> update) {
        String now = now();
        Done<R> done = jdbi.inTransaction(h -> {
            lock(h, lock);
            Done<R> d = update.apply(h, now);
            for (String id : d.changed()) {
                log(h, id, now);
            }
            return d;
        });
        if (!done.changed().isEmpty()) {
            notify.run(); // after the commit: followers read what is there
        }
        return Optional.ofNullable(done.result());
    }

    void lock(Handle h, Lock lock) {
        if (postgres) {
            h.execute(lock == Lock.SHARED ? "SELECT pg_advisory_xact_lock_shared(?)" : "SELECT pg_advisory_xact_lock(?)",
                    PaperStore.UPSERT_LOCK);
        }
    }

    static void log(Handle h, String paperId, String at) {
        h.createUpdate("INSERT INTO paper_changes (paper_id, changed_at) VALUES (?, ?)")
                .bind(0, paperId).bind(1, at).execute();
    }
}
