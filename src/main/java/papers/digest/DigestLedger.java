package papers.digest;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import papers.paper.Database;

/**
 * Exactly once per (subscriber, period). A sender claims the row in its own committed transaction before handing the
 * message to the SMTP server, and marks it after. Whoever finds a row already there does not send: a second run, a
 * second node and a restarted process are all harmless. A claim left unmarked (the sender died between claim and
 * mark, so whether the server took the message is unknown) is never resent: {@link #markUnknown} records that it
 * was noticed.
 */
public final class DigestLedger {

    /** What a claim found. */
    public enum Claim {
        /** This run owns the row: send, then mark. */
        CLAIMED,
        /** Already sent, or refused for good: nothing to do. */
        DONE,
        /** Claimed by another run and never marked: acceptance unknown, not resent. */
        IN_DOUBT,
        /** The address is no longer active (unsubscribed or suspended since the batch began): not sent. */
        INACTIVE
    }

    /** A ledger row as stored. */
    public record Entry(long subscriberId, String period, String state, String runId, String messageId,
                        String detail) { }

    private final Jdbi jdbi;
    private final Clock clock;

    public DigestLedger(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.clock = clock;
    }

    /**
     * Claims (subscriber, period) for {@code runId}, committed before this returns. A row left 'failed' by an earlier
     * run (the server did not take the message) is claimed again; any other existing row is not.
     */
    public Claim claim(long subscriberId, String period, String runId, String messageId) {
        String now = now();
        return jdbi.inTransaction(h -> {
            // Checks the address is still active in the same transaction: an unsubscribe during a batch stops it.
            boolean active = h.createQuery("SELECT 1 FROM digest_subscribers WHERE id = ? AND status = 'active'")
                    .bind(0, subscriberId).mapTo(Integer.class).findOne().isPresent();
            if (!active) {
                return Claim.INACTIVE;
            }
            int inserted = h.createUpdate("INSERT INTO digest_ledger (subscriber_id, period, state, run_id, "
                            + "message_id, claimed_at) VALUES (?, ?, 'claimed', ?, ?, ?) ON CONFLICT DO NOTHING")
                    .bind(0, subscriberId).bind(1, period).bind(2, runId).bind(3, messageId).bind(4, now).execute();
            if (inserted == 1) {
                return Claim.CLAIMED;
            }
            int retaken = h.createUpdate("UPDATE digest_ledger SET state = 'claimed', run_id = ?, claimed_at = ?, "
                            + "finished_at = NULL WHERE subscriber_id = ? AND period = ? AND state = 'failed'")
                    .bind(0, runId).bind(1, now).bind(2, subscriberId).bind(3, period).execute();
            if (retaken == 1) {
                return Claim.CLAIMED;
            }
            String state = h.createQuery("SELECT state FROM digest_ledger WHERE subscriber_id = ? AND period = ?")
                    .bind(0, subscriberId).bind(1, period).mapTo(String.class).one();
            return state.equals("claimed") || state.equals("unknown") ? Claim.IN_DOUBT : Claim.DONE;
        });
    }

    /** The server accepted the message. */
    public void markSent(long subscriberId, String period) {
        finish(subscriberId, period, "sent", null);
    }

    /** The server did not take the message (temporary failure after retries): a later run may send it. */
    public void markFailed(long subscriberId, String period, String detail) {
        finish(subscriberId, period, "failed", detail);
    }

    /** The server refused it for good (5xx): not retried for this period. */
    public void markRejected(long subscriberId, String period, String detail) {
        finish(subscriberId, period, "rejected", detail);
    }

    /**
     * Records that a claim of another run was found unmarked. Only an unmarked claim changes: a sender still working
     * on it (another node) marks it sent afterwards, which wins.
     */
    public void markUnknown(long subscriberId, String period, String detail) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE digest_ledger SET state = 'unknown', detail = ? "
                        + "WHERE subscriber_id = ? AND period = ? AND state = 'claimed'")
                .bind(0, detail).bind(1, subscriberId).bind(2, period).execute());
    }

    public Optional<Entry> find(long subscriberId, String period) {
        return jdbi.withHandle(h -> h.createQuery("SELECT subscriber_id, period, state, run_id, message_id, detail "
                        + "FROM digest_ledger WHERE subscriber_id = ? AND period = ?")
                .bind(0, subscriberId).bind(1, period).map((rs, ctx) -> read(rs)).findOne());
    }

    /** The rows of a period, by subscriber. */
    public List<Entry> entries(String period) {
        return jdbi.withHandle(h -> h.createQuery("SELECT subscriber_id, period, state, run_id, message_id, detail "
                        + "FROM digest_ledger WHERE period = ? ORDER BY subscriber_id")
                .bind(0, period).map((rs, ctx) -> read(rs)).list());
    }

    private void finish(long subscriberId, String period, String state, String detail) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE digest_ledger SET state = ?, finished_at = ?, detail = ? "
                        + "WHERE subscriber_id = ? AND period = ?")
                .bind(0, state).bind(1, now()).bind(2, detail).bind(3, subscriberId).bind(4, period).execute());
    }

    private static Entry read(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6));
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
