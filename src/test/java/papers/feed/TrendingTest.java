package papers.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import papers.paper.Author;
import papers.paper.Paper;

class TrendingTest {

    private static final Instant NOW = Instant.parse("2026-08-21T12:00:00Z");

    private static Paper listed(String id, String day, int upvotes) {
        return Paper.of(id, null, "T " + id, "A", List.of(Author.named("A")), Instant.parse("2026-08-01T00:00:00Z"))
                .withListing(LocalDate.parse(day), null)
                .withCommunity(null, upvotes, 0, null, null);
    }

    @Test
    void scoreIsUpvotesOverAgePlusTwoToThePowerOfGravity() {
        // Listed at 2026-08-21T00:00Z, 12 hours before NOW: 30 / (12 + 2)^1.8.
        assertThat(Trending.score(listed("2608.00001", "2026-08-21", 30), NOW))
                .isCloseTo(30 / Math.pow(14, 1.8), within(1e-12));
        assertThat(Trending.score(listed("2608.00001", "2026-08-21", 0), NOW)).isZero();
    }

    @Test
    void freshVotesOutweighOldOnes() {
        Paper todayFew = listed("2608.00001", "2026-08-21", 10);      // 10 / 14^1.8  = 0.087
        Paper yesterdayMore = listed("2608.00002", "2026-08-20", 30); // 30 / 38^1.8  = 0.042
        Paper weekOldMany = listed("2608.00003", "2026-08-14", 200);  // 200 / 182^1.8 = 0.017
        Paper todayMost = listed("2608.00004", "2026-08-21", 40);
        assertThat(Trending.rank(List.of(weekOldMany, yesterdayMore, todayFew, todayMost), NOW))
                .extracting(Paper::id).containsExactly("2608.00004", "2608.00001", "2608.00002", "2608.00003");
    }

    @Test
    void tiesKeepAStableOrder() {
        Paper a = listed("2608.00009", "2026-08-21", 5);
        Paper b = listed("2608.00001", "2026-08-21", 5);
        assertThat(Trending.rank(List.of(a, b), NOW)).extracting(Paper::id).containsExactly("2608.00001", "2608.00009");
    }
}
