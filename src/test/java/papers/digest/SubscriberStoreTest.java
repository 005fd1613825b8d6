package papers.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import papers.paper.Database;
import papers.support.EveryStore;

/**
 * Subscribers, topics and the digest ledger, run against SQLite and PostgreSQL (one class, a store of each kind per
 * test).
 */
class SubscriberStoreTest extends EveryStore {

    protected Database database;
    protected SubscriberStore subscribers;
    protected DigestLedger ledger;

    @BeforeEach
    void open() throws Exception {
        database = openStore();
        Clock clock = Clock.fixed(Instant.parse("2026-08-24T07:00:00Z"), ZoneOffset.UTC);
        subscribers = new SubscriberStore(database, clock);
        ledger = new DigestLedger(database, clock);
    }

    @Test
    void aNewSubscriptionIsPendingUntilConfirmedAndAddressesAreUniqueIgnoringCase() {
        Subscription s = subscribers.subscribe(" Ada@Example.org ", Frequency.DAILY, null);
        assertThat(s.status()).isEqualTo(Subscription.Status.PENDING);
        assertThat(s.email()).isEqualTo("Ada@example.org"); // canonical: the domain lower-cased, the local part as typed
        assertThat(subscribers.active(Frequency.DAILY)).isEmpty();

        Subscription again = subscribers.subscribe("ada@example.ORG", Frequency.WEEKLY, null);
        assertThat(again.id()).isEqualTo(s.id());
        assertThat(again.frequency()).isEqualTo(Frequency.WEEKLY);

        assertThat(subscribers.confirm(s.id()).orElseThrow().status()).isEqualTo(Subscription.Status.ACTIVE);
        assertThat(subscribers.active(Frequency.WEEKLY)).extracting(Subscription::id).containsExactly(s.id());
        // asking again for an active address changes nothing (whoever asks may not own it)
        assertThat(subscribers.subscribe("ada@example.org", Frequency.DAILY, null).frequency())
                .isEqualTo(Frequency.WEEKLY);
        assertThat(subscribers.findByEmail("ADA@example.org")).isPresent();
    }

    @Test
    void badAddressesAndTopicsAreRefusedWithAReason() {
        assertThatThrownBy(() -> subscribers.subscribe("not an address", Frequency.DAILY, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an email address");
        assertThatThrownBy(() -> subscribers.subscribe("Ada <ada@example.org>", Frequency.DAILY, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> subscribers.addConfirmed("ada@example.org", Frequency.DAILY, List.of("x".repeat(300))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("250");
        assertThat(subscribers.list()).isEmpty();
    }

    @Test
    void topicsAreKeptInOrderAndUnsubscribingDeletesThem() {
        Subscription s = subscribers.addConfirmed("bob@example.org", Frequency.DAILY,
                List.of("diffusion models", " ", "author:\"Tri Dao\"", "diffusion models"));
        Subscription other = subscribers.addConfirmed("eve@example.org", Frequency.DAILY, List.of("robots"));
        assertThat(s.status()).isEqualTo(Subscription.Status.ACTIVE);
        assertThat(s.topics()).containsExactly("diffusion models", "author:\"Tri Dao\"");
        assertThat(subscribers.active(Frequency.DAILY)).extracting(Subscription::topics)
                .containsExactly(List.of("diffusion models", "author:\"Tri Dao\""), List.of("robots"));

        assertThat(subscribers.updatePreferences(s.id(), Frequency.WEEKLY, List.of("state space"))).isTrue();
        assertThat(subscribers.find(s.id()).orElseThrow().topics()).containsExactly("state space");

        assertThat(subscribers.unsubscribe(s.id())).isTrue();
        Subscription gone = subscribers.find(s.id()).orElseThrow();
        assertThat(gone.status()).isEqualTo(Subscription.Status.UNSUBSCRIBED);
        assertThat(gone.topics()).isEmpty();
        int left = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM digest_topics WHERE subscriber_id = ?").bind(0, s.id())
                .mapTo(Integer.class).one());
        assertThat(left).isZero();
        assertThat(subscribers.find(other.id()).orElseThrow().topics()).containsExactly("robots");
        assertThat(subscribers.unsubscribe(s.id())).isFalse();
        assertThat(subscribers.updatePreferences(s.id(), Frequency.DAILY, List.of())).isFalse();
    }

    @Test
    void threePermanentFailuresInARowSuspendAndADeliveryResetsTheCount() {
        Subscription s = subscribers.addConfirmed("c@example.org", Frequency.DAILY, List.of());
        assertThat(subscribers.recordPermanentFailure(s.id(), "550 no")).isEqualTo(Subscription.Status.ACTIVE);
        assertThat(subscribers.recordPermanentFailure(s.id(), "550 no")).isEqualTo(Subscription.Status.ACTIVE);
        subscribers.recordDelivered(s.id());
        assertThat(subscribers.find(s.id()).orElseThrow().bounces()).isZero();
        subscribers.recordPermanentFailure(s.id(), "550 no");
        subscribers.recordPermanentFailure(s.id(), "550 no");
        assertThat(subscribers.recordPermanentFailure(s.id(), "550 no")).isEqualTo(Subscription.Status.SUSPENDED);
        assertThat(subscribers.active(Frequency.DAILY)).isEmpty();
    }

    @Test
    void theLedgerLetsOneClaimThroughAndNeverResendsAnUnmarkedOne() {
        long a = subscribers.addConfirmed("a@example.org", Frequency.DAILY, List.of()).id();
        long b = subscribers.addConfirmed("b@example.org", Frequency.DAILY, List.of()).id();
        String period = "daily:2026-08-24";
        assertThat(ledger.claim(a, period, "run1", "<m1@x>")).isEqualTo(DigestLedger.Claim.CLAIMED);
        assertThat(ledger.claim(a, period, "run2", "<m1@x>")).isEqualTo(DigestLedger.Claim.IN_DOUBT);
        ledger.markSent(a, period);
        assertThat(ledger.claim(a, period, "run2", "<m1@x>")).isEqualTo(DigestLedger.Claim.DONE);
        assertThat(ledger.claim(a, "daily:2026-08-25", "run2", "<m2@x>")).isEqualTo(DigestLedger.Claim.CLAIMED);

        // a temporary failure is claimed again by a later run; a permanent one is not
        assertThat(ledger.claim(b, period, "run1", "<m3@x>")).isEqualTo(DigestLedger.Claim.CLAIMED);
        ledger.markFailed(b, period, "421 busy");
        assertThat(ledger.claim(b, period, "run2", "<m3@x>")).isEqualTo(DigestLedger.Claim.CLAIMED);
        assertThat(ledger.find(b, period).orElseThrow().runId()).isEqualTo("run2");
        ledger.markRejected(b, period, "550 no");
        assertThat(ledger.claim(b, period, "run3", "<m3@x>")).isEqualTo(DigestLedger.Claim.DONE);

        // an unmarked claim found later is recorded as unknown, and marking it sent still wins
        long c = subscribers.addConfirmed("c@example.org", Frequency.DAILY, List.of()).id();
        ledger.claim(c, period, "run1", "<m4@x>");
        ledger.markUnknown(c, period, "found by run2");
        assertThat(ledger.find(c, period).orElseThrow().state()).isEqualTo("unknown");
        assertThat(ledger.claim(c, period, "run3", "<m4@x>")).isEqualTo(DigestLedger.Claim.IN_DOUBT);
        ledger.markSent(c, period);
        ledger.markUnknown(c, period, "late");
        assertThat(ledger.find(c, period).orElseThrow().state()).isEqualTo("sent");
        assertThat(ledger.entries(period)).extracting(DigestLedger.Entry::subscriberId).containsExactly(a, b, c);
    }

    @Test
    void anAddressThatIsNoLongerActiveCannotBeClaimed() {
        long a = subscribers.addConfirmed("a@example.org", Frequency.DAILY, List.of()).id();
        subscribers.unsubscribe(a);
        assertThat(ledger.claim(a, "daily:2026-08-24", "run1", "<m@x>")).isEqualTo(DigestLedger.Claim.INACTIVE);
        assertThat(ledger.find(a, "daily:2026-08-24")).isEmpty();
    }
}
