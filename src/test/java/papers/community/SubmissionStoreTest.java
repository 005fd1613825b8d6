package papers.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import papers.paper.Author;
import papers.paper.Database;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.paper.Submitter;
import papers.support.TestSeams;
import papers.support.EveryStore;

/** Listing submitted papers: once per paper, within the daily limit, also under parallel submissions. */
class SubmissionStoreTest extends EveryStore {

    static final Instant NOW = Instant.parse("2026-11-02T15:00:00Z");

    protected Database database;
    protected PaperStore papers;
    protected SubmissionStore submissions;
    protected long ada;
    protected long bob;

    @BeforeEach
    void open() throws Exception {
        database = openStore();
        papers = new PaperStore(database);
        submissions = new SubmissionStore(database, papers, Clock.fixed(NOW, ZoneOffset.UTC));
        AccountStore accounts = new AccountStore(database, Clock.systemUTC(), TestSeams.CHEAP_HASHER);
        ada = accounts.createUser("ada", "ada@example.org", AccountStoreTest.PASSWORD, false).id();
        bob = accounts.createUser("bob", "bob@example.org", AccountStoreTest.PASSWORD, false).id();
        List<Paper> unlisted = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            unlisted.add(Paper.of(String.format("2610.%05d", i), 1, "Paper " + i, "Abstract",
                    List.of(Author.named("A. Author")), Instant.parse("2026-10-30T00:00:00Z")));
        }
        unlisted.add(Paper.of("2610.00099", 1, "Listed before", "", List.of(), Instant.parse("2026-10-30T00:00:00Z"))
                .withListing(LocalDate.parse("2026-10-31"), new Submitter("hf-user", "HF User", null)));
        papers.upsert(unlisted);
    }

    private static Submitter as(String name) {
        return new Submitter(name, null, null);
    }

    @Test
    void listsAPaperOnTodayWithItsSubmitterAndLogsTheChange() {
        long before = papers.lastChange();
        assertThat(submissions.list(ada, "2610.00001", as("ada"), 5)).isEqualTo(SubmissionStore.Listing.LISTED);
        Paper p = papers.find("2610.00001").orElseThrow();
        assertThat(p.listedOn()).isEqualTo(LocalDate.parse("2026-11-02"));
        assertThat(p.submitter().name()).isEqualTo("ada");
        assertThat(papers.lastChange()).isGreaterThan(before);
        assertThat(papers.listedOn(LocalDate.parse("2026-11-02"), 10, 0)).extracting(Paper::id)
                .containsExactly("2610.00001");
        assertThat(submissions.recentlySubmitted(ada, 10)).containsExactly("2610.00001");
        assertThat(submissions.countToday(ada)).isEqualTo(1);
        assertThat(submissions.countToday(bob)).isZero();
    }

    @Test
    void aListedPaperIsNotListedAgainAndKeepsItsSubmitter() {
        assertThat(submissions.list(bob, "2610.00099", as("bob"), 5))
                .isEqualTo(SubmissionStore.Listing.ALREADY_LISTED);
        submissions.list(ada, "2610.00002", as("ada"), 5);
        assertThat(submissions.list(bob, "2610.00002", as("bob"), 5))
                .isEqualTo(SubmissionStore.Listing.ALREADY_LISTED);
        assertThat(papers.find("2610.00002").orElseThrow().submitter().name()).isEqualTo("ada");
        assertThat(papers.find("2610.00099").orElseThrow().listedOn()).isEqualTo(LocalDate.parse("2026-10-31"));
        assertThat(submissions.recentlySubmitted(bob, 10)).isEmpty();
        assertThat(submissions.list(bob, "2610.77777", as("bob"), 5)).isEqualTo(SubmissionStore.Listing.NO_PAPER);
    }

    @Test
    void theDailyLimitHoldsPerUser() {
        for (int i = 1; i <= 2; i++) {
            assertThat(submissions.list(ada, String.format("2610.%05d", i), as("ada"), 2))
                    .isEqualTo(SubmissionStore.Listing.LISTED);
        }
        assertThat(submissions.list(ada, "2610.00003", as("ada"), 2)).isEqualTo(SubmissionStore.Listing.LIMIT_REACHED);
        assertThat(papers.find("2610.00003").orElseThrow().listedOn()).isNull();
        assertThat(submissions.list(bob, "2610.00003", as("bob"), 2)).isEqualTo(SubmissionStore.Listing.LISTED);
        assertThat(submissions.secondsUntilTomorrow()).isEqualTo(9 * 3600);
    }

    @Test
    void parallelSubmissionsListEachPaperOnceAndKeepTheLimit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            // ada sends 10 different papers at once with a limit of 4; ada and bob race for 2610.00011.
            List<Future<SubmissionStore.Listing>> adas = IntStream.rangeClosed(1, 10)
                    .mapToObj(i -> pool.submit(() -> submissions.list(ada, String.format("2610.%05d", i), as("ada"), 4)))
                    .toList();
            Future<SubmissionStore.Listing> bob1 = pool.submit(() -> submissions.list(bob, "2610.00012", as("bob"), 4));
            Future<SubmissionStore.Listing> bob2 = pool.submit(() -> submissions.list(bob, "2610.00012", as("bob"), 4));
            long listed = 0;
            for (Future<SubmissionStore.Listing> f : adas) {
                listed += f.get() == SubmissionStore.Listing.LISTED ? 1 : 0;
            }
            assertThat(listed).isEqualTo(4);
            assertThat(submissions.countToday(ada)).isEqualTo(4);
            assertThat(List.of(bob1.get(), bob2.get())).containsExactlyInAnyOrder(
                    SubmissionStore.Listing.LISTED, SubmissionStore.Listing.ALREADY_LISTED);
            assertThat(submissions.recentlySubmitted(bob, 10)).containsExactly("2610.00012");
        } finally {
            pool.shutdownNow();
        }
    }
}
