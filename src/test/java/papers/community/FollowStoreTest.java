package papers.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import papers.paper.Author;
import papers.paper.Database;
import papers.paper.Organization;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.support.TestSeams;
import papers.support.EveryStore;

/** Follows and the feed they make, run against SQLite and PostgreSQL (one class, a store of each kind per test). */
class FollowStoreTest extends EveryStore {

    protected Database database;
    protected PaperStore papers;
    protected FollowStore follows;
    protected long ada;
    protected long bob;

    @BeforeEach
    void open() throws Exception {
        database = openStore();
        papers = new PaperStore(database);
        follows = new FollowStore(database, papers, Clock.fixed(Instant.parse("2026-11-01T10:00:00Z"), ZoneOffset.UTC));
        AccountStore accounts = new AccountStore(database, Clock.systemUTC(), TestSeams.CHEAP_HASHER);
        ada = accounts.createUser("ada", "ada@example.org", AccountStoreTest.PASSWORD, false).id();
        bob = accounts.createUser("bob", "bob@example.org", AccountStoreTest.PASSWORD, false).id();
        papers.upsert(List.of(
                paper("2601.00001", "2026-01-01T00:00:00Z", null, "Tri Dao", "Albert Gu"),
                paper("2601.00002", "2026-01-02T00:00:00Z", "google", "Tri Dao"),
                paper("2601.00003", "2026-01-03T00:00:00Z", "google", "Noam Shazeer"),
                paper("2601.00004", "2026-01-04T00:00:00Z", "meta", "Yann LeCun"),
                paper("2601.00005", "2026-01-05T00:00:00Z", null, "tri dao"),      // another spelling: not his
                paper("2601.00006", null, "google", "O'Brien \"<x>\"")));           // no publication time: last
    }

    static Paper paper(String id, String published, String org, String... authors) {
        return Paper.of(id, 1, "Title " + id, "Abstract " + id, java.util.Arrays.stream(authors).map(Author::named).toList(),
                        published == null ? null : Instant.parse(published))
                .withListing(LocalDate.parse("2026-01-10"), null)
                .withCommunity(org == null ? null : new Organization(org, org.toUpperCase(), null), 0, 0, null, null);
    }

    private List<String> feed(long user, int limit, int offset) {
        return follows.feedFor(user, limit, offset).stream().map(Paper::id).toList();
    }

    @Test
    void followsAuthorsAndOrganizationsOnceAndUnfollows() {
        assertThat(follows.follow(ada, Follow.Kind.AUTHOR, "Tri Dao")).isTrue();
        assertThat(follows.follow(ada, Follow.Kind.AUTHOR, "Tri Dao")).as("again: nothing new").isFalse();
        assertThat(follows.follow(ada, Follow.Kind.ORGANIZATION, "google")).isTrue();
        assertThat(follows.follows(ada, Follow.Kind.AUTHOR, "Tri Dao")).isTrue();
        assertThat(follows.follows(ada, Follow.Kind.AUTHOR, "tri dao")).as("names are exact").isFalse();
        assertThat(follows.follows(ada, Follow.Kind.ORGANIZATION, "Tri Dao")).as("kinds are apart").isFalse();
        assertThat(follows.follows(bob, Follow.Kind.AUTHOR, "Tri Dao")).isFalse();
        assertThat(follows.following(ada)).containsExactly(
                new Follow(Follow.Kind.AUTHOR, "Tri Dao", Instant.parse("2026-11-01T10:00:00Z")),
                new Follow(Follow.Kind.ORGANIZATION, "google", Instant.parse("2026-11-01T10:00:00Z")));
        assertThat(follows.following(bob)).isEmpty();
        assertThat(follows.unfollow(ada, Follow.Kind.AUTHOR, "Tri Dao")).isTrue();
        assertThat(follows.unfollow(ada, Follow.Kind.AUTHOR, "Tri Dao")).isFalse();
        assertThat(follows.following(ada)).extracting(Follow::target).containsExactly("google");
    }

    @Test
    void refusesTargetsWithoutPapers() {
        assertThatThrownBy(() -> follows.follow(ada, Follow.Kind.AUTHOR, "Nobody At All"))
                .isInstanceOf(FollowStore.UnknownTarget.class).hasMessageContaining("Nobody At All");
        assertThatThrownBy(() -> follows.follow(ada, Follow.Kind.ORGANIZATION, "Tri Dao"))
                .isInstanceOf(FollowStore.UnknownTarget.class);
        assertThatThrownBy(() -> follows.follow(ada, Follow.Kind.AUTHOR, "' OR '1'='1"))
                .isInstanceOf(FollowStore.UnknownTarget.class);
        assertThatThrownBy(() -> follows.follow(ada, Follow.Kind.AUTHOR, ""))
                .isInstanceOf(FollowStore.UnknownTarget.class);
        assertThat(follows.following(ada)).isEmpty();
        // Odd characters are data, bound as parameters.
        assertThat(follows.follow(ada, Follow.Kind.AUTHOR, "O'Brien \"<x>\"")).isTrue();
        assertThat(feed(ada, 10, 0)).containsExactly("2601.00006");
    }

    @Test
    void theFeedHoldsWhatTheAuthorAndOrganizationPagesListNewestFirstEachPaperOnce() {
        assertThat(feed(ada, 30, 0)).isEmpty();
        assertThat(follows.countFeed(ada)).isZero();
        follows.follow(ada, Follow.Kind.AUTHOR, "Tri Dao");
        follows.follow(ada, Follow.Kind.ORGANIZATION, "google");
        // 00002 is Tri Dao's and Google's: once. 00005 ("tri dao") is someone else's; 00006 has no date: last.
        assertThat(feed(ada, 30, 0)).containsExactly("2601.00003", "2601.00002", "2601.00001", "2601.00006");
        assertThat(follows.countFeed(ada)).isEqualTo(4);
        assertThat(feed(ada, 2, 0)).containsExactly("2601.00003", "2601.00002");
        assertThat(feed(ada, 2, 2)).containsExactly("2601.00001", "2601.00006");
        assertThat(feed(ada, 2, 4)).isEmpty();
        // The same papers as the pages list.
        List<String> pages = new java.util.ArrayList<>(papers.byAuthor("Tri Dao", 100, 0).stream().map(Paper::id).toList());
        papers.byOrganization("google", 100, 0).forEach(p -> {
            if (!pages.contains(p.id())) {
                pages.add(p.id());
            }
        });
        assertThat(feed(ada, 30, 0)).containsExactlyInAnyOrderElementsOf(pages);
        Paper first = follows.feedFor(ada, 1, 0).getFirst();
        assertThat(first).isEqualTo(papers.find("2601.00003").orElseThrow());
        assertThat(feed(bob, 30, 0)).as("another user's follows are theirs").isEmpty();
    }

    @Test
    void theFeedFollowsTheStoreWhenAuthorsOrOrganizationsChange() {
        follows.follow(ada, Follow.Kind.AUTHOR, "Yann LeCun");
        assertThat(feed(ada, 30, 0)).containsExactly("2601.00004");
        // A new version of 00003 adds him as an author; a new paper of his arrives.
        papers.upsert(List.of(Paper.of("2601.00003", 2, "Title v2", "Abstract v2",
                        List.of(Author.named("Noam Shazeer"), Author.named("Yann LeCun")),
                        Instant.parse("2026-01-03T00:00:00Z")),
                paper("2601.00007", "2026-01-07T00:00:00Z", null, "Yann LeCun")));
        assertThat(feed(ada, 30, 0)).containsExactly("2601.00007", "2601.00004", "2601.00003");
        // Unfollowing works even once a target has no papers left.
        assertThat(follows.unfollow(ada, Follow.Kind.ORGANIZATION, "no-such-org")).isFalse();
        assertThat(follows.unfollow(ada, Follow.Kind.AUTHOR, "Yann LeCun")).isTrue();
        assertThat(feed(ada, 30, 0)).isEmpty();
    }

    @Test
    void aUserFollowsAtMostTheLimit() {
        database.jdbi().useTransaction(h -> {
            var batch = h.prepareBatch("INSERT INTO follows (user_id, kind, target, created_at) VALUES (?, 'author', ?, ?)");
            for (int i = 0; i < FollowStore.MAX_FOLLOWS; i++) {
                batch.bind(0, bob).bind(1, "Author " + i).bind(2, "2026-01-01T00:00:00Z").add();
            }
            batch.execute();
        });
        assertThatThrownBy(() -> follows.follow(bob, Follow.Kind.AUTHOR, "Tri Dao"))
                .isInstanceOf(AccountException.class).hasMessageContaining("unfollow");
        assertThat(follows.follow(ada, Follow.Kind.AUTHOR, "Tri Dao")).isTrue();
    }
}
