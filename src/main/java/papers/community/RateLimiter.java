package papers.community;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * At most {@code max} events per key in any sliding {@code window}, in memory (per node: enough to slow password
 * guessing; a cluster would share counts in the database or a cache).
 */
public final class RateLimiter {

    private static final int MAX_KEYS = 100_000;

    private final int max;
    private final long windowMillis;
    private final LongSupplier clockMillis;
    private final Map<String, Deque<Long>> events = new ConcurrentHashMap<>();

    public RateLimiter(int max, Duration window, LongSupplier clockMillis) {
        this.max = max;
        this.windowMillis = window.toMillis();
        this.clockMillis = clockMillis;
    }

    public RateLimiter(int max, Duration window) {
        this(max, window, System::currentTimeMillis);
    }

    /** Counts one event for {@code key}; returns 0 when allowed, else the seconds until the next one would be. */
    public long acquire(String key) {
        long now = clockMillis.getAsLong();
        if (events.size() > MAX_KEYS) {
            events.clear(); // crude but bounded: an attacker spraying keys resets counts, not memory
        }
        Deque<Long> times = events.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - windowMillis) {
                times.pollFirst();
            }
            if (times.size() >= max) {
                long retry = times.peekFirst() + windowMillis - now;
                return Math.max(1, (retry + 999) / 1000);
            }
            times.addLast(now);
            return 0;
        }
    }
}
