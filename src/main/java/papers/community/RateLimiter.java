package papers.community;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import papers.paper.Database;

/**
 * At most {@code max} events per key in any sliding {@code window}, counted in the database so that every node on
 * one PostgreSQL shares the count (issue 14 point 7): ten login guesses are ten, not ten per node.
 *
 * <p>Each event is inserted first and counted after, each in its own committed statement: of concurrent attempts
 * at the limit, the last to insert sees all the others and is refused (its row is taken back), so the limit is
 * never exceeded, whichever node the attempts reach. Keys are stored as a SHA-256 with the limit's name, never in the clear.
 */
public final class RateLimiter {

    /** How often a node sweeps expired rows (every node does; the delete is idempotent). */
    private static final long SWEEP_EVERY_MILLIS = 60_000;

    private final Jdbi jdbi;
    private final String name;
    private final int max;
    private final long windowMillis;
    private final Clock clock;
    private final AtomicLong nextSweep;

    /**
     * @param name a name of this limit ("login-account"), so equal keys of different limits never share a count
     */
    public RateLimiter(Database database, Clock clock, String name, int max, Duration window) {
        this.jdbi = database.jdbi();
        this.clock = clock;
        this.name = name;
        this.max = max;
        this.windowMillis = window.toMillis();
        this.nextSweep = new AtomicLong(0);
    }

    /** Counts one event for {@code key}; returns 0 when allowed, else the seconds until the next one would be. */
    public long acquire(String key) {
        long now = clock.millis();
        String bucket = Secrets.digest(name + "\u0000" + key);
        sweep(now);
        return jdbi.withHandle(h -> {
            long id = h.createUpdate("INSERT INTO rate_events (bucket, at_ms, expires_ms) VALUES (?, ?, ?)")
                    .bind(0, bucket).bind(1, now).bind(2, now + windowMillis)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            // Every other event of the window, ours excluded, the latest first. Concurrent attempts all count each
            // other (refused ones too, until taken back): the limit errs on the side of refusing.
            var earlier = h.createQuery("SELECT at_ms FROM rate_events WHERE bucket = ? AND at_ms > ? AND id <> ? "
                            + "ORDER BY at_ms DESC LIMIT ?")
                    .bind(0, bucket).bind(1, now - windowMillis).bind(2, id).bind(3, max)
                    .mapTo(Long.class).list();
            if (earlier.size() < max) {
                return 0L;
            }
            h.execute("DELETE FROM rate_events WHERE id = ?", id);
            // The max-th most recent earlier event must leave the window before one more fits.
            long retry = earlier.getLast() + windowMillis - now;
            return Math.max(1, (retry + 999) / 1000);
        });
    }

    private void sweep(long now) {
        long due = nextSweep.get();
        if (now >= due && nextSweep.compareAndSet(due, now + SWEEP_EVERY_MILLIS)) {
            jdbi.useHandle(h -> h.execute("DELETE FROM rate_events WHERE expires_ms < ?", now));
        }
    }
}
