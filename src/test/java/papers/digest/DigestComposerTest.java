package papers.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.support.TestSeams;
import papers.App;
import papers.community.Follow;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;
import papers.paper.Paper;
import papers.support.Fixtures;
import papers.support.TestStores;

/**
 * A reader with a saved search, follows and an upvote gets the right papers with the right reasons, over the real
 * papers of 2026-08-21. Embeddings are set by hand so nearness is known: one paper of the day is close to the paper
 * the reader upvoted, the others are orthogonal to it.
 */
class DigestComposerTest {

    static final Instant NOW = Instant.parse("2026-08-24T07:00:00Z"); // a Monday: the daily covers Fri 21 to Sun 23
    static final String UPVOTED = "2409.02877"; // a seed paper from 2024
    static final String NEAR_IT = "2608.19936"; // ASR benchmark optimisation: given a vector close to UPVOTED's

    @TempDir
    static Path home;
    static App app;
    static long ada;

    @BeforeAll
    static void setUp() throws Exception {
        app = App.open(TestStores.sqliteConfig(home), TestSeams.at(Clock.fixed(NOW, ZoneOffset.UTC)));
        for (String f : List.of("seed-papers.jsonl", "hf-daily-papers-2026-08-21.json")) {
            app.importer().run(ImportFormat.HF_DAILY, Fixtures.path(f).toString(), 0, ImportProgress.NONE);
        }
        app.searchParts().indexFollower().catchUp();
        List<Paper> all = new ArrayList<>(app.papers().findAll(app.papers().listedBetween(
                LocalDate.parse("2000-01-01"), LocalDate.parse("2100-01-01"), 1000, 0).stream()
                .map(Paper::id).toList()).values());
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            float[] v = new float[384];
            String id = all.get(i).id();
            if (id.equals(UPVOTED)) {
                v[0] = 1;
            } else if (id.equals(NEAR_IT)) {
                v[0] = 0.9f;
                v[1] = 0.436f; // cosine 0.9 with UPVOTED
            } else {
                v[2 + i] = 1; // orthogonal to everything else
            }
            vectors.add(v);
        }
        app.embeddings().put(all, vectors, app.papers().lastChange());
        ada = app.accounts().createUser("ada", "ada@example.org", "correct horse battery", false).id();
        app.votes().vote(ada, UPVOTED, true);
        app.follows().follow(ada, Follow.Kind.AUTHOR, "Bhavya Sukhija"); // EXIMO, 2608.19891
        app.follows().follow(ada, Follow.Kind.ORGANIZATION, "zjunlp");   // MemTrapBench, 2608.20202
    }

    @AfterAll
    static void tearDown() {
        app.close();
    }

    private static Digest daily(Subscription reader) {
        DigestComposer composer = app.digests().composer();
        return composer.compose(composer.edition(DigestPeriod.of(Frequency.DAILY, LocalDate.parse("2026-08-24"),
                false)), reader);
    }

    @Test
    void aReaderWithAnAccountAndEnoughSignalsGetsTheSitesForYouWithReasons() {
        // an upvote and two follows: three signals, so the digest's For you is the site's (papers.recommend)
        Subscription s = app.digests().subscribers().subscribe("ada@example.org", Frequency.DAILY, ada);
        app.digests().subscribers().confirm(s.id());
        app.digests().subscribers().updatePreferences(s.id(), Frequency.DAILY, List.of("prefill"));
        Digest digest = daily(app.digests().subscribers().find(s.id()).orElseThrow());

        var site = app.recommender().forYou(ada, digest.period().first(), digest.period().last(), 10);
        assertThat(site.personal()).isTrue();
        assertThat(digest.forYou()).extracting(p -> p.paper().id())
                .startsWith(site.picks().stream().map(p -> p.paper().id()).toArray(String[]::new));
        Map<String, List<String>> reasons = digest.forYou().stream()
                .collect(Collectors.toMap(p -> p.paper().id(), Digest.Pick::reasons));
        assertThat(reasons.get("2608.19891")).contains("By Bhavya Sukhija, whom you follow");
        assertThat(reasons.get("2608.20202")).anySatisfy(r -> assertThat(r).startsWith("From ")
                .endsWith(", which you follow"));
        assertThat(reasons.get(NEAR_IT)).contains("Close to “"
                + app.papers().find(UPVOTED).orElseThrow().title() + "”, which you upvoted");
        if (reasons.containsKey("2608.19758")) { // picked by the model: the subscription's topic adds its reason
            assertThat(reasons.get("2608.19758")).contains("Matches your topic “prefill”");
        }
        // Trending: the period's most upvoted papers, without those already picked
        assertThat(digest.trending()).extracting(Paper::id).doesNotContainAnyElementsOf(reasons.keySet()).hasSize(5);
    }

    @Test
    void aReaderWithoutAnAccountGetsOnlyTopicMatchesAndOldUpvotesWeighLess() {
        Subscription s = app.digests().subscribers().addConfirmed("bob@example.org", Frequency.DAILY,
                List.of("speech", "\"no such phrase anywhere\""));
        Digest digest = daily(s);
        assertThat(digest.forYou()).extracting(p -> p.paper().id())
                .containsExactlyInAnyOrder("2608.19936", "2608.19863");
        assertThat(digest.forYou()).allSatisfy(p -> assertThat(p.reasons()).containsExactly("Matches your topic “speech”"));
        assertThat(digest.trending()).hasSize(5);

    }

    @Test
    void anUpvoteFromLongAgoWeighsTooLittleToMakeAPaperNear() throws Exception {
        long carl = app.accounts().createUser("carl", "carl@example.org", "correct horse battery", false).id();
        app.votes().vote(carl, UPVOTED, true);
        Subscription s = app.digests().subscribers().subscribe("carl@example.org", Frequency.DAILY, carl);
        app.digests().subscribers().confirm(s.id());
        s = app.digests().subscribers().find(s.id()).orElseThrow();
        assertThat(daily(s).forYou()).extracting(p -> p.paper().id()).containsExactly(NEAR_IT);
        app.database().jdbi().useHandle(h -> h.execute(
                "UPDATE votes SET created_at = '2024-08-24T07:00:00Z' WHERE user_id = ?", carl));
        assertThat(daily(s).forYou()).isEmpty();
    }

    @Test
    void aPeriodWithoutPapersHasNoDigestAndWeekendsHaveNoDaily() {
        Subscription s = app.digests().subscribers().addConfirmed("carl@example.org", Frequency.DAILY, List.of("speech"));
        DigestComposer composer = app.digests().composer();
        Digest empty = composer.compose(composer.edition(DigestPeriod.of(Frequency.DAILY,
                LocalDate.parse("2026-09-02"), false)), s);
        assertThat(empty.isEmpty()).isTrue();
        assertThat(DigestPeriod.sendsOn(Frequency.DAILY, LocalDate.parse("2026-08-22"), false)).isFalse();
        assertThat(DigestPeriod.sendsOn(Frequency.DAILY, LocalDate.parse("2026-08-22"), true)).isTrue();
        DigestRun.Result saturday = app.digests().run().send(Frequency.DAILY, LocalDate.parse("2026-08-22"), null,
                line -> { });
        assertThat(saturday.line()).isEqualTo("sent: 0, skipped: 0, failed: 0");
        assertThat(saturday.note()).contains("no daily digest on saturdays");
        DigestPeriod weekly = DigestPeriod.of(Frequency.WEEKLY, LocalDate.parse("2026-08-24"), false);
        assertThat(weekly.key()).isEqualTo("weekly:2026-W34");
        assertThat(weekly.first()).isEqualTo(LocalDate.parse("2026-08-17"));
        assertThat(weekly.last()).isEqualTo(LocalDate.parse("2026-08-23"));
    }
}
