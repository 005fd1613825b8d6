package papers.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void allowsMaxPerWindowPerKeyThenSaysWhenToRetry() {
        AtomicLong now = new AtomicLong(1_000_000);
        RateLimiter limiter = new RateLimiter(3, Duration.ofSeconds(60), now::get);
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
