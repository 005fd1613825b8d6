package papers.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * "updated 12 minutes ago" for list pages: when a source last brought data. The label is part of the cached
 * pages' keys, so a cached page is re-rendered when its label would change (at most once a minute), and the time
 * is read from the store at most every {@value #READ_EVERY_SECONDS} seconds, not on every request.
 */
final class Freshness {

    static final Freshness NONE = new Freshness(Optional::empty, Clock.systemUTC());
    private static final long READ_EVERY_SECONDS = 10;

    private final Supplier<Optional<Instant>> lastRefresh;
    private final Clock clock;
    private volatile Instant readAt = Instant.MIN;
    private volatile Optional<Instant> last = Optional.empty();

    Freshness(Supplier<Optional<Instant>> lastRefresh, Clock clock) {
        this.lastRefresh = lastRefresh;
        this.clock = clock;
    }

    /** The label, or null when no source has brought anything (an instance fed by imports alone). */
    String label() {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).toSeconds() >= READ_EVERY_SECONDS || now.isBefore(readAt)) {
            try {
                last = lastRefresh.get();
            } catch (RuntimeException e) { // the store is away: keep the last known time
                return last.map(at -> label(at, now)).orElse(null);
            }
            readAt = now;
        }
        return last.map(at -> label(at, now)).orElse(null);
    }

    static String label(Instant at, Instant now) {
        long minutes = Math.max(0, Duration.between(at, now).toMinutes());
        if (minutes < 1) {
            return "updated just now";
        }
        if (minutes < 60) {
            return "updated " + minutes + (minutes == 1 ? " minute ago" : " minutes ago");
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return "updated " + hours + (hours == 1 ? " hour ago" : " hours ago");
        }
        return "updated " + hours / 24 + " days ago";
    }

    /** For cache keys: changes when the label does. */
    String keyPart() {
        String l = label();
        return l == null ? "" : "|" + l;
    }
}
