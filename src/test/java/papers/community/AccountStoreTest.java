package papers.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import papers.paper.Author;
import papers.paper.Database;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.support.TestSeams;
import papers.support.EveryStore;

/** The account store's behaviour, run against SQLite and PostgreSQL (one class, a store of each kind per test). */
class AccountStoreTest extends EveryStore {

    /** Cheap Argon2 parameters: the tests check behaviour, not cost. */
    static final PasswordHasher FAST = TestSeams.CHEAP_HASHER;
    static final String PASSWORD = "correct horse battery";

    protected Database database;
    protected AccountStore accounts;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));

    private Clock clock;

    @BeforeEach
    void open() throws Exception {
        database = openStore();
        clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now.get(); }
        };
        accounts = new AccountStore(database, clock, FAST);
    }

    @Test
    void createsAndAuthenticatesUsers() {
        User ada = accounts.createUser("Ada", "ada@example.org", PASSWORD, false);
        assertThat(ada.username()).isEqualTo("Ada");
        assertThat(ada.admin()).isFalse();
        assertThat(accounts.findUser("ADA")).contains(ada);
        assertThat(accounts.authenticate("ada", PASSWORD)).contains(ada);
        assertThat(accounts.authenticate("ada", PASSWORD + "x")).isEmpty();
        assertThat(accounts.authenticate("nobody", PASSWORD)).isEmpty();
        assertThat(accounts.createUser("root", "root@example.org", PASSWORD, true).admin()).isTrue();
    }

    @Test
    void storesPasswordsOnlyAsArgon2idHashes() {
        accounts.createUser("ada", "ada@example.org", PASSWORD, false);
        String stored = database.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM users")
                .mapTo(String.class).one());
        assertThat(stored).startsWith("$argon2id$v=19$m=8,t=1,p=1$").doesNotContain(PASSWORD);
    }

    @Test
    void usernamesAreUniqueIgnoringCase() {
        accounts.createUser("Ada", "ada@example.org", PASSWORD, false);
        assertThatThrownBy(() -> accounts.createUser("aDA", "other@example.org", PASSWORD, false))
                .isInstanceOf(AccountException.class).hasMessageContaining("taken");
        assertThat(accounts.userCount()).isEqualTo(1);
    }

    @Test
    void refusesBadUsernamesEmailsAndPasswords() {
        assertThatThrownBy(() -> accounts.createUser("<script>", "a@example.org", PASSWORD, false))
                .isInstanceOf(AccountException.class);
        assertThatThrownBy(() -> accounts.createUser("x' OR '1'='1", "a@example.org", PASSWORD, false))
                .isInstanceOf(AccountException.class);
        assertThatThrownBy(() -> accounts.createUser("ada", "not-an-email", PASSWORD, false))
                .isInstanceOf(AccountException.class);
        assertThatThrownBy(() -> accounts.createUser("ada", "a@example.org", "short", false))
                .isInstanceOf(AccountException.class);
        assertThat(accounts.userCount()).isZero();
    }

    @Test
    void injectionStringsAreJustData() {
        String evil = "'; DROP TABLE users; --";
        assertThat(accounts.findUser(evil)).isEmpty();
        assertThat(accounts.authenticate(evil, evil)).isEmpty();
        assertThat(accounts.session(evil)).isEmpty();
        assertThat(accounts.userForToken(evil)).isEmpty();
        User ada = accounts.createUser("ada", "ada+x'--@example.org", PASSWORD, false);
        assertThat(ada.email()).isEqualTo("ada+x'--@example.org");
        accounts.createToken(ada.id(), evil);
        assertThat(accounts.tokens(ada.id())).singleElement().extracting(ApiToken::name).isEqualTo(evil);
        assertThat(accounts.userCount()).isEqualTo(1);
    }

    @Test
    void sessionsResolveUntilDeletedOrExpired() {
        User ada = accounts.createUser("ada", "ada@example.org", PASSWORD, false);
        NewSession s = accounts.createSession(ada.id());
        assertThat(accounts.session(s.token())).hasValueSatisfying(si -> {
            assertThat(si.user()).isEqualTo(ada);
            assertThat(si.csrfToken()).isEqualTo(s.csrfToken());
        });
        String stored = database.jdbi().withHandle(h -> h.createQuery("SELECT token_hash FROM sessions")
                .mapTo(String.class).one());
        assertThat(stored).isEqualTo(Secrets.digest(s.token())).isNotEqualTo(s.token());
        accounts.deleteSession(s.token());
        assertThat(accounts.session(s.token())).isEmpty();

        NewSession later = accounts.createSession(ada.id());
        now.set(now.get().plus(AccountStore.SESSION_LIFETIME).plus(Duration.ofSeconds(1)));
        assertThat(accounts.session(later.token())).isEmpty();
        assertThat(accounts.deleteExpiredSessions()).isEqualTo(1);
    }

    @Test
    void sessionsEndAfterTheIdleTimeAndAtTheirLifetimeEvenWhenUsed() {
        AccountStore short_ = new AccountStore(database, clock, FAST, Duration.ofHours(2), Duration.ofDays(1));
        User ada = short_.createUser("ada", "ada@example.org", PASSWORD, false);
        NewSession idle = short_.createSession(ada.id());
        now.set(now.get().plus(Duration.ofMinutes(119)));
        assertThat(short_.session(idle.token())).isPresent(); // used: the idle clock starts again
        now.set(now.get().plus(Duration.ofMinutes(119)));
        assertThat(short_.session(idle.token())).isPresent();
        now.set(now.get().plus(Duration.ofMinutes(121)));
        assertThat(short_.session(idle.token())).isEmpty();

        NewSession busy = short_.createSession(ada.id());
        for (int hour = 1; hour < 24; hour++) {
            now.set(now.get().plus(Duration.ofHours(1)));
            assertThat(short_.session(busy.token())).as("hour %d", hour).isPresent();
        }
        now.set(now.get().plus(Duration.ofHours(1)));
        assertThat(short_.session(busy.token())).isEmpty(); // a day, however busy
        assertThat(short_.deleteExpiredSessions()).isEqualTo(2);
    }

    @Test
    void tokensMayExpireAndSayWhen() {
        User ada = accounts.createUser("ada", "ada@example.org", PASSWORD, false);
        String brief = accounts.createToken(ada.id(), "ci", Duration.ofDays(1));
        String lasting = accounts.createToken(ada.id(), "laptop", null);
        assertThat(accounts.userForToken(brief)).contains(ada);
        assertThat(accounts.tokens(ada.id())).extracting(ApiToken::expiresAt)
                .containsExactly(now.get().plus(Duration.ofDays(1)), null);
        now.set(now.get().plus(Duration.ofDays(1)).plusSeconds(1));
        assertThat(accounts.userForToken(brief)).isEmpty();
        assertThat(accounts.userForToken(lasting)).contains(ada);
        assertThat(accounts.tokens(ada.id()).getFirst().expired(now.get())).isTrue();
    }

    @Test
    void oneAccountPerAddressHoweverItIsSpelled() {
        accounts.createUser("ada", "ada@example.org", PASSWORD, false);
        for (String same : new String[] {"ADA@example.org", " ada@EXAMPLE.ORG", "\"ada\"@example.org"}) {
            assertThatThrownBy(() -> accounts.createUser("ada2", same, PASSWORD, false)).as(same)
                    .isInstanceOf(AccountException.class).hasMessageContaining("already uses this email address");
        }
        assertThat(accounts.createUser("ada3", "ada+papers@example.org", PASSWORD, false).email())
                .isEqualTo("ada+papers@example.org"); // another mailbox to the server
    }

    @Test
    void banEndsSessionsAndTokensAtOnceAndIsAudited() {
        User root = accounts.createUser("root", "root@example.org", PASSWORD, true);
        User ada = accounts.createUser("ada", "ada@example.org", PASSWORD, false);
        NewSession s = accounts.createSession(ada.id());
        String token = accounts.createToken(ada.id(), "cli");
        assertThat(accounts.userForToken(token)).isPresent();
        accounts.ban(ada.id(), root.id());
        assertThat(accounts.session(s.token())).isEmpty();
        assertThat(accounts.userForToken(token)).isEmpty();
        assertThat(accounts.authenticate("ada", PASSWORD)).isEmpty();
        assertThat(accounts.auditLog(10)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("root");
            assertThat(e.action()).isEqualTo("ban");
            assertThat(e.target()).isEqualTo("user:" + ada.id());
        });
        accounts.unban(ada.id(), root.id());
        assertThat(accounts.userForToken(token)).isPresent();
        assertThat(accounts.auditLog(10)).hasSize(2);
    }

    @Test
    void tokensAreHashedListedAndRevocable() {
        User ada = accounts.createUser("ada", "ada@example.org", PASSWORD, false);
        User bob = accounts.createUser("bob", "bob@example.org", PASSWORD, false);
        String token = accounts.createToken(ada.id(), "laptop");
        assertThat(accounts.userForToken(token)).contains(ada);
        ApiToken listed = accounts.tokens(ada.id()).getFirst();
        assertThat(listed.name()).isEqualTo("laptop");
        assertThat(listed.lastUsedAt()).isEqualTo(now.get()); // the lookup above used it
        String stored = database.jdbi().withHandle(h -> h.createQuery("SELECT token_hash FROM api_tokens")
                .mapTo(String.class).one());
        assertThat(stored).isEqualTo(Secrets.digest(token));
        assertThat(accounts.revokeToken(bob.id(), listed.id())).isFalse(); // not bob's
        assertThat(accounts.revokeToken(ada.id(), listed.id())).isTrue();
        assertThat(accounts.userForToken(token)).isEmpty();
    }

    @Test
    void changingThePasswordNeedsTheOldOneAndEndsOtherSessions() {
        User ada = accounts.createUser("ada", "ada@example.org", PASSWORD, false);
        NewSession here = accounts.createSession(ada.id());
        NewSession elsewhere = accounts.createSession(ada.id());
        assertThatThrownBy(() -> accounts.changePassword(ada.id(), "wrong password", "new password 123", null))
                .isInstanceOf(AccountException.class);
        accounts.changePassword(ada.id(), PASSWORD, "new password 123", here.token());
        assertThat(accounts.authenticate("ada", PASSWORD)).isEmpty();
        assertThat(accounts.authenticate("ada", "new password 123")).isPresent();
        assertThat(accounts.session(here.token())).isPresent();
        assertThat(accounts.session(elsewhere.token())).isEmpty();
    }

    @Test
    void commentsThreadOneLevelAndKeepTheCountExact() {
        PaperStore store = new PaperStore(database);
        store.upsert(java.util.List.of(Paper.of("2405.15738", 1, "T", "A",
                        java.util.List.of(Author.named("X")), Instant.parse("2024-05-24T00:00:00Z"))
                .withCommunity(null, 0, 3, null, null)));
        CommentStore comments = new CommentStore(database, store, Clock.systemUTC());
        User ada = accounts.createUser("ada", "ada@example.org", PASSWORD, false);
        User bob = accounts.createUser("bob", "bob@example.org", PASSWORD, false);
        long seq = store.lastChange();
        java.util.concurrent.atomic.AtomicInteger told = new java.util.concurrent.atomic.AtomicInteger();
        store.onChange(told::incrementAndGet);
        Comment top = comments.add(ada.id(), "2405.15738", "first! <b>x</b>", null).orElseThrow();
        assertThat(store.lastChange()).isGreaterThan(seq);
        assertThat(told).as("listeners are told after the commit").hasValue(1);
        Comment reply = comments.add(bob.id(), "2405.15738", "a reply", top.id()).orElseThrow();
        assertThatThrownBy(() -> comments.add(ada.id(), "2405.15738", "reply to a reply", reply.id()))
                .isInstanceOf(AccountException.class);
        assertThatThrownBy(() -> comments.add(ada.id(), "2405.15738", "   ", null))
                .isInstanceOf(AccountException.class);
        assertThat(comments.add(ada.id(), "2405.99999", "no such paper", null)).isEmpty();
        assertThat(store.find("2405.15738").orElseThrow().numComments()).isEqualTo(5); // 3 imported + 2
        java.util.List<Comment> thread = comments.forPaper("2405.15738");
        assertThat(thread).singleElement().satisfies(c -> {
            assertThat(c.username()).isEqualTo("ada");
            assertThat(c.html()).contains("&lt;b&gt;x&lt;/b&gt;");
            assertThat(c.replies()).extracting(Comment::body).containsExactly("a reply");
        });
        assertThat(comments.edit(bob.id(), top.id(), "not mine")).isFalse();
        assertThat(comments.edit(ada.id(), top.id(), "edited")).isTrue();
        assertThat(comments.delete(bob.id(), top.id())).isFalse();
        assertThat(comments.delete(ada.id(), top.id())).isTrue();
        assertThat(comments.delete(ada.id(), top.id())).isFalse();
        assertThat(store.find("2405.15738").orElseThrow().numComments()).isEqualTo(4);
        assertThat(comments.forPaper("2405.15738")).singleElement().satisfies(c -> {
            assertThat(c.deleted()).isTrue();
            assertThat(c.body()).isEmpty();
            assertThat(c.replies()).hasSize(1);
        });
    }
}
