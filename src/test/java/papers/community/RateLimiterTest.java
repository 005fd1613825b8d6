package papers.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.Config;
import papers.paper.Database;
import papers.support.TestStores;

class RateLimiterTest {

    @TempDir
    Path home;

    /** A clock a test moves by hand. */
    static Clock clock(AtomicLong millis) {
        return new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return Instant.ofEpochMilli(millis.get());
            }
        };
    }

    @Test
    void allowsMaxPerWindowPerKeyThenSaysWhenToRetry() {
        AtomicLong now = new AtomicLong(1_000_000);
        try (Database db = Database.open(Config.from(TestStores.sqlite(home)))) {
            RateLimiter limiter = new RateLimiter(db, clock(now), "test", 3, Duration.ofSeconds(60));
            assertThat(limiter.acquire("a")).isZero();
            now.addAndGet(10_000);
            assertThat(limiter.acquire("a")).isZero();
            assertThat(limiter.acquire("a")).isZero();
            assertThat(limiter.acquire("a")).isEqualTo(50);
            assertThat(limiter.acquire("b")).isZero();
            now.addAndGet(50_000);
            assertThat(limiter.acquire("a")).isZero();
            assertThat(limiter.acquire("a")).isEqualTo(10);
        }
    }

    @Test
    void twoNodesOnOneDatabaseShareTheCount() {
        AtomicLong now = new AtomicLong(1_000_000);
        try (Database one = Database.open(Config.from(TestStores.sqlite(home)));
             Database two = Database.open(Config.from(TestStores.sqlite(home)))) {
            RateLimiter first = new RateLimiter(one, clock(now), "login", 4, Duration.ofMinutes(10));
            RateLimiter second = new RateLimiter(two, clock(now), "login", 4, Duration.ofMinutes(10));
            RateLimiter otherLimit = new RateLimiter(two, clock(now), "signup", 4, Duration.ofMinutes(10));
            assertThat(first.acquire("bob")).isZero();
            assertThat(second.acquire("bob")).isZero();
            assertThat(first.acquire("bob")).isZero();
            assertThat(second.acquire("bob")).isZero();
            assertThat(first.acquire("bob")).isPositive();
            assertThat(second.acquire("bob")).isPositive();
            assertThat(otherLimit.acquire("bob")).isZero(); // same key, another limit: its own count
        }
    }

    @Test
    void concurrentAttemptsFromTwoPostgresNodesNeverPassTheLimit() throws Exception {
        AtomicLong now = new AtomicLong(1_000_000);
        try (TestStores.Postgres pg = TestStores.postgres(home);
             Database one = Database.open(pg.config());
             Database two = Database.open(pg.config())) {
            RateLimiter[] nodes = {
                    new RateLimiter(one, clock(now), "login", 10, Duration.ofMinutes(10)),
                    new RateLimiter(two, clock(now), "login", 10, Duration.ofMinutes(10))};
            var allowed = new java.util.concurrent.atomic.AtomicInteger();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                for (int i = 0; i < 40; i++) {
                    RateLimiter node = nodes[i % 2];
                    pool.submit(() -> {
                        if (node.acquire("bob") == 0) {
                            allowed.incrementAndGet();
                        }
                    });
                }
            }
            assertThat(allowed.get()).isBetween(1, 10);
            now.addAndGet(Duration.ofMinutes(10).toMillis() + 1);
            assertThat(nodes[0].acquire("bob")).isZero(); // the window passed: counted afresh
        }
    }
}
