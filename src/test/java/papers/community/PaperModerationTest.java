package papers.community;

import static org.assertj.core.api.Assertions.assertThat;

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

/** Hidden papers leave every read of the store but the admin's, and come back when unhidden. */
class PaperModerationTest extends EveryStore {

    static final LocalDate DAY = LocalDate.parse("2026-11-02");

    protected Database database;
    protected PaperStore papers;
    protected PaperModeration moderation;
    protected AccountStore accounts;
    protected long admin;

    @BeforeEach
    void open() throws Exception {
        database = openStore();
        papers = new PaperStore(database);
        moderation = new PaperModeration(database, papers, Clock.fixed(Instant.parse("2026-11-03T08:00:00Z"),
                ZoneOffset.UTC));
        accounts = new AccountStore(database, Clock.systemUTC(), TestSeams.CHEAP_HASHER);
        admin = accounts.createUser("root", "root@example.org", AccountStoreTest.PASSWORD, true).id();
        papers.upsert(List.of(paper("2611.00001", DAY), paper("2611.00002", DAY),
                paper("2611.00003", DAY.plusDays(1))));
    }

    static Paper paper(String id, LocalDate day) {
        return Paper.of(id, 1, "Title " + id, "", List.of(Author.named("Grace Hopper")),
                        Instant.parse("2026-11-01T00:00:00Z"))
                .withListing(day, null)
                .withCommunity(new Organization("navy", "US Navy", null), 0, 0, null, null);
    }

    private List<String> ids(List<Paper> list) {
        return list.stream().map(Paper::id).toList();
    }

    @Test
    void aHiddenPaperLeavesEveryReadButTheAdminsAndIsAudited() {
        long before = papers.lastChange();
        assertThat(moderation.hide(admin, "2611.00003")).isTrue();
        assertThat(moderation.hide(admin, "2611.00003")).as("already hidden").isFalse();
        assertThat(moderation.hide(admin, "2611.99999")).as("no such paper").isFalse();
        assertThat(papers.lastChange()).isGreaterThan(before);

        assertThat(papers.find("2611.00003")).isEmpty();
        assertThat(papers.findAll(List.of("2611.00001", "2611.00003"))).containsOnlyKeys("2611.00001");
        assertThat(papers.findIncludingHidden("2611.00003")).isPresent();
        assertThat(papers.isHidden("2611.00003")).isTrue();
        assertThat(papers.isHidden("2611.00001")).isFalse();
        assertThat(papers.newestListingDay()).contains(DAY);
        assertThat(papers.listingDayAfter(DAY)).isEmpty();
        assertThat(papers.countListedBetween(DAY, DAY.plusDays(1))).isEqualTo(2);
        assertThat(ids(papers.listedBetween(DAY, DAY.plusDays(1), 10, 0)))
                .containsExactlyInAnyOrder("2611.00001", "2611.00002");
        assertThat(ids(papers.byAuthor("Grace Hopper", 10, 0))).doesNotContain("2611.00003").hasSize(2);
        assertThat(papers.countByAuthor("Grace Hopper")).isEqualTo(2);
        assertThat(ids(papers.byOrganization("navy", 10, 0))).hasSize(2);
        assertThat(papers.countByOrganization("navy")).isEqualTo(2);
        FollowStore follows = new FollowStore(database, papers, Clock.systemUTC());
        follows.follow(admin, Follow.Kind.ORGANIZATION, "navy");
        assertThat(ids(follows.feedFor(admin, 10, 0))).containsExactlyInAnyOrder("2611.00001", "2611.00002");
        assertThat(follows.countFeed(admin)).isEqualTo(2);
        List<String> all = new java.util.ArrayList<>();
        papers.forEachPaper(p -> all.add(p.id()));
        assertThat(all).containsExactly("2611.00001", "2611.00002");

        // An import merging into the hidden paper keeps it hidden.
        papers.upsert(List.of(paper("2611.00003", DAY.plusDays(1)).withCommunity(null, 50, 0, null, null)));
        assertThat(papers.find("2611.00003")).isEmpty();
        assertThat(papers.findIncludingHidden("2611.00003").orElseThrow().upvotes()).isEqualTo(50);

        assertThat(moderation.unhide(admin, "2611.00003")).isTrue();
        assertThat(moderation.unhide(admin, "2611.00003")).isFalse();
        assertThat(papers.find("2611.00003")).isPresent();
        assertThat(papers.newestListingDay()).contains(DAY.plusDays(1));
        assertThat(accounts.auditLog(10)).extracting(AuditEntry::action).containsSequence("unhide-paper", "hide-paper");
    }
}
