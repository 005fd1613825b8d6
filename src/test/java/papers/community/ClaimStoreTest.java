package papers.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import papers.paper.Database;
import papers.paper.PaperStore;
import papers.support.TestSeams;
import papers.support.EveryStore;

/** Authorship claims and their review, run against SQLite and PostgreSQL (one class, a store of each kind per test). */
class ClaimStoreTest extends EveryStore {

    static final String PAPER = "2601.00001";

    protected Database database;
    protected PaperStore papers;
    protected ClaimStore claims;
    protected AccountStore accounts;
    protected long ada;
    protected long bob;
    protected long eve;
    protected long root;

    @BeforeEach
    void open() throws Exception {
        database = openStore();
        papers = new PaperStore(database);
        claims = new ClaimStore(database, papers, Clock.fixed(Instant.parse("2026-11-01T10:00:00Z"), ZoneOffset.UTC));
        accounts = new AccountStore(database, Clock.systemUTC(), TestSeams.CHEAP_HASHER);
        ada = accounts.createUser("ada", "ada@example.org", AccountStoreTest.PASSWORD, false).id();
        bob = accounts.createUser("bob", "bob@example.org", AccountStoreTest.PASSWORD, false).id();
        eve = accounts.createUser("eve", "eve@example.org", AccountStoreTest.PASSWORD, false).id();
        root = accounts.createUser("root", "root@example.org", AccountStoreTest.PASSWORD, true).id();
        papers.upsert(List.of(
                FollowStoreTest.paper(PAPER, "2026-01-01T00:00:00Z", null, "Ada Lovelace", "Bob Babbage", "Eve"),
                FollowStoreTest.paper("2601.00002", "2026-01-02T00:00:00Z", null, "Ada Lovelace")));
    }

    @Test
    void aClaimWaitsForReviewAndTheRulesRefuseDuplicates() {
        Claim c = claims.claim(ada, PAPER, 0).orElseThrow();
        assertThat(c.status()).isEqualTo(Claim.Status.PENDING);
        assertThat(c.authorName()).isEqualTo("Ada Lovelace");
        assertThat(c.username()).isEqualTo("ada");
        assertThat(c.createdAt()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(c.decidedAt()).isNull();
        assertThat(claims.withStatus(Claim.Status.PENDING, 10)).containsExactly(c);
        assertThatThrownBy(() -> claims.claim(ada, PAPER, 1)).isInstanceOf(AccountException.class)
                .hasMessageContaining("already claimed an author entry of this paper");
        assertThatThrownBy(() -> claims.claim(bob, PAPER, 0)).isInstanceOf(AccountException.class)
                .hasMessageContaining("Someone else has claimed this author entry");
        assertThatThrownBy(() -> claims.claim(bob, PAPER, 3)).isInstanceOf(AccountException.class)
                .hasMessageContaining("no author number 4");
        assertThatThrownBy(() -> claims.claim(bob, PAPER, -1)).isInstanceOf(AccountException.class);
        assertThat(claims.claim(bob, "2699.99999", 0)).isEmpty();
        assertThat(claims.claim(bob, PAPER, 1)).isPresent();
        assertThat(claims.claim(ada, "2601.00002", 0)).as("one per paper, not one in all").isPresent();
        assertThat(claims.withStatus(Claim.Status.PENDING, 10)).hasSize(3);
        // The schema holds the rules too, whatever code writes.
        assertThatThrownBy(() -> database.jdbi().useHandle(h -> h.execute("INSERT INTO author_claims (paper_id, "
                + "author_position, author_name, user_id, status, created_at) VALUES (?, 0, 'x', ?, 'pending', 'x')",
                PAPER, eve))).isInstanceOf(RuntimeException.class);
    }

    @Test
    void approvingShowsTheAuthorLogsItAndRenewsThePaper() {
        Claim c = claims.claim(ada, PAPER, 0).orElseThrow();
        long seq = papers.lastChange();
        AtomicInteger told = new AtomicInteger();
        papers.onChange(told::incrementAndGet);
        assertThat(claims.approve(c.id(), root)).isTrue();
        assertThat(claims.approve(c.id(), root)).as("only a pending claim").isFalse();
        assertThat(claims.approve(999_999, root)).isFalse();
        assertThat(papers.lastChange()).isGreaterThan(seq);
        assertThat(told).hasValue(1);
        Claim approved = claims.find(c.id()).orElseThrow();
        assertThat(approved.status()).isEqualTo(Claim.Status.APPROVED);
        assertThat(approved.decidedAt()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(claims.approvedFor(PAPER)).containsExactly(approved);
        assertThat(claims.papersOf(ada, 50)).containsExactly(PAPER);
        assertThat(claims.papersOf(bob, 50)).isEmpty();
        assertThat(accounts.auditLog(1)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("root");
            assertThat(e.action()).isEqualTo("claim-approve");
            assertThat(e.target()).isEqualTo("paper:" + PAPER);
            assertThat(e.detail()).contains("ada").contains("Ada Lovelace");
        });
        assertThatThrownBy(() -> claims.claim(bob, PAPER, 0)).hasMessageContaining("verified account");
        // A banned user's badge goes (their profile is gone too).
        accounts.ban(ada, root);
        assertThat(claims.approvedFor(PAPER)).isEmpty();
    }

    @Test
    void rejectingFreesTheEntryButNotForTheSameUserAndRevokingRemovesTheBadge() {
        Claim c = claims.claim(eve, PAPER, 0).orElseThrow();
        long seq = papers.lastChange();
        assertThat(claims.reject(c.id(), root)).isTrue();
        assertThat(papers.lastChange()).as("nothing shown changed").isEqualTo(seq);
        assertThat(claims.find(c.id()).orElseThrow().status()).isEqualTo(Claim.Status.REJECTED);
        assertThat(accounts.auditLog(1).getFirst().action()).isEqualTo("claim-reject");
        assertThatThrownBy(() -> claims.claim(eve, PAPER, 2)).hasMessageContaining("rejected");
        Claim real = claims.claim(ada, PAPER, 0).orElseThrow();
        claims.approve(real.id(), root);
        assertThat(claims.withStatus(Claim.Status.APPROVED, 10)).extracting(Claim::id).containsExactly(real.id());
        assertThat(claims.withStatus(Claim.Status.REJECTED, 10)).extracting(Claim::id).containsExactly(c.id());
        assertThat(claims.reject(real.id(), root)).as("an approved claim can be revoked").isTrue();
        assertThat(claims.approvedFor(PAPER)).isEmpty();
        assertThat(claims.papersOf(ada, 50)).isEmpty();
        assertThat(papers.lastChange()).isGreaterThan(seq);
        assertThat(accounts.auditLog(1).getFirst().action()).isEqualTo("claim-revoke");
        assertThat(claims.reject(real.id(), root)).isFalse();
    }
}
