package papers.community;

import java.time.Clock;
import java.time.Duration;
import papers.paper.Database;

/**
 * Makes the {@link RateLimiter}s of the routes, all counting in one database with one clock (made by App).
 *
 * @param secret the server's key, which signs the device cookies that let an account's owner past a lock that
 *               someone else's guesses caused
 */
public record RateLimits(Database database, Clock clock, byte[] secret) {

    public RateLimiter limiter(String name, int max, Duration window) {
        return new RateLimiter(database, clock, name, max, window);
    }
}
