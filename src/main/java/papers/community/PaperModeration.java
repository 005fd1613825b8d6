package papers.community;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import papers.paper.Database;
import papers.paper.PaperChanges;
import papers.paper.PaperStore;

/**
 * Admins hide a paper (it leaves every list, feed, search result and the API; admins still see its page) and
 * unhide it. The flag, a change-log row (so caches and the index follow) and the audit entry commit together.
 */
public final class PaperModeration {

    private final PaperStore papers;
    private final Clock clock;

    public PaperModeration(Database database, PaperStore papers, Clock clock) {
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
        // Shared: an import's read-merge-write of this paper never straddles the change.
        return papers.changes().change(PaperChanges.Lock.SHARED, (h, logged) -> {
            int rows = h.createUpdate("UPDATE papers SET hidden_at = ? WHERE id = ? AND hidden_at IS "
                            + (hidden ? "NULL" : "NOT NULL"))
                    .bind(0, hidden ? now : null).bind(1, paperId).execute();
            if (rows == 0) {
                return PaperChanges.Done.unchanged(false);
            }
            AccountStore.audit(h, adminId, hidden ? "hide-paper" : "unhide-paper", "paper:" + paperId, null, now);
            return PaperChanges.Done.changed(true, paperId);
        }).orElseThrow();
    }
}
