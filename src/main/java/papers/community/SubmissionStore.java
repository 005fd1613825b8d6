package papers.community;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import papers.paper.Database;
import papers.paper.PaperChanges;
import papers.paper.PaperStore;
import papers.paper.Submitter;

/**
 * Which user listed which paper on the daily feed. Listing a stored paper, recording the submission and checking
 * the user's daily limit happen in one transaction, so two submissions of one paper list it once and a user's
 * parallel submissions cannot pass the limit.
 */
public final class SubmissionStore {

    /** What {@link #list} did. */
    public enum Listing { LISTED, ALREADY_LISTED, LIMIT_REACHED, NO_PAPER }

    private final Jdbi jdbi;
    private final PaperStore papers;
    private final Clock clock;

    public SubmissionStore(Database database, PaperStore papers, Clock clock) {
        this.jdbi = database.jdbi();
        this.papers = papers;
        this.clock = clock;
    }

    /** Today by the store's clock (UTC): the listing day of a submission, and the span of the daily limit. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Seconds until the daily limit starts over (next midnight UTC). */
    public long secondsUntilTomorrow() {
        Instant next = today().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Math.max(1, ChronoUnit.SECONDS.between(clock.instant(), next));
    }

    /** How many papers the user listed today. */
    public int countToday(long userId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM submissions WHERE user_id = ? AND created_at >= ?")
                .bind(0, userId).bind(1, today().atStartOfDay(ZoneOffset.UTC).toInstant().toString())
                .mapTo(Integer.class).one());
    }

    /**
     * Lists the stored paper {@code paperId} on today's feed with {@code submitter} shown, unless it is listed
     * already (on any day) or the user has listed {@code dailyLimit} papers today.
     */
    public Listing list(long userId, String paperId, Submitter submitter, int dailyLimit) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String dayStart = today().atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        // Exclusive, like an import: no upsert may read-merge-write this paper meanwhile, and one user's submissions
        // queue here, so the count below stays true until the commit. (SQLite: IMMEDIATE transactions.)
        return papers.changes().change(PaperChanges.Lock.EXCLUSIVE, (h, ignored) -> {
            int today = h.createQuery("SELECT COUNT(*) FROM submissions WHERE user_id = ? AND created_at >= ?")
                    .bind(0, userId).bind(1, dayStart).mapTo(Integer.class).one();
            if (today >= dailyLimit) {
                return PaperChanges.Done.unchanged(Listing.LIMIT_REACHED);
            }
            int listed = h.createUpdate("UPDATE papers SET listed_on = ?, submitter_name = ?, submitter_fullname = ?, "
                            + "submitter_avatar = ?, updated_at = ? WHERE id = ? AND listed_on IS NULL")
                    .bind(0, today().toString()).bind(1, submitter.name()).bind(2, submitter.fullName())
                    .bind(3, submitter.avatarUrl()).bind(4, now).bind(5, paperId).execute();
            if (listed == 0) {
                boolean exists = h.createQuery("SELECT 1 FROM papers WHERE id = ?").bind(0, paperId)
                        .mapTo(Integer.class).findOne().isPresent();
                return PaperChanges.Done.unchanged(exists ? Listing.ALREADY_LISTED : Listing.NO_PAPER);
            }
            h.createUpdate("INSERT INTO submissions (paper_id, user_id, created_at) VALUES (?, ?, ?)")
                    .bind(0, paperId).bind(1, userId).bind(2, now).execute();
            return PaperChanges.Done.changed(Listing.LISTED, paperId);
        }).orElseThrow();
    }

    /** The ids of the papers the user listed, newest first. */
    public List<String> recentlySubmitted(long userId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT paper_id FROM submissions WHERE user_id = ? "
                        + "ORDER BY created_at DESC, paper_id LIMIT ?")
                .bind(0, userId).bind(1, limit).mapTo(String.class).list());
    }
}
