package papers.community;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.Jdbi;
import papers.paper.Database;
import papers.paper.PaperStore;

/**
 * Admins hide a paper (it leaves every list, feed, search result and the API; admins still see its page) and
 * unhide it. The flag, a change-log row (so caches and the index follow) and the audit entry commit together.
 */
public final class PaperModeration {

    private final Jdbi jdbi;
    private final boolean postgres;
    private final PaperStore papers;
    private final Clock clock;

    public PaperModeration(Database database, PaperStore papers, Clock clock) {
        this.jdbi = database.jdbi();
        this.postgres = database.kind() == Database.Kind.POSTGRESQL;
        this.papers = papers;
        this.clock = clock;
    }

    /** Hides the paper; false when there is no such paper or it is hidden already. */
    public boolean hide(long adminId, String paperId) {
        return setHidden(adminId, paperId, true);
    }

    /** Shows a hidden paper again; false when there is no such paper or it is not hidden. */
    public boolean unhide(long adminId, String paperId) {
        return setHidden(adminId, paperId, false);
    }

    private boolean setHidden(long adminId, String paperId, boolean hidden) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        boolean changed = jdbi.inTransaction(h -> {
            if (postgres) { // an import's read-merge-write of this paper never straddles the change
                h.execute("SELECT pg_advisory_xact_lock_shared(?)", PaperStore.UPSERT_LOCK);
            }
            int rows = h.createUpdate("UPDATE papers SET hidden_at = ? WHERE id = ? AND hidden_at IS "
                            + (hidden ? "NULL" : "NOT NULL"))
                    .bind(0, hidden ? now : null).bind(1, paperId).execute();
            if (rows == 0) {
                return false;
            }
            PaperStore.logChange(h, paperId, now);
            AccountStore.audit(h, adminId, hidden ? "hide-paper" : "unhide-paper", "paper:" + paperId, null, now);
            return true;
        });
        if (changed) {
            papers.changed();
        }
        return changed;
    }
}
