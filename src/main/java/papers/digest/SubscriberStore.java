package papers.digest;

import papers.community.EmailAddress;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import papers.paper.Database;
import papers.search.SearchQuery;

/**
 * Digest subscribers and their saved searches. Addresses are unique case-insensitively; an address that
 * unsubscribed keeps its row (the ledger refers to it) but loses its topics.
 */
public final class SubscriberStore {

    /** Permanent delivery failures in a row after which an address is suspended. */
    public static final int SUSPEND_AFTER = 3;
    public static final int MAX_TOPICS = 20;
    public static final int MAX_TOPIC_LENGTH = 250;
    private static final int MAX_EMAIL_LENGTH = 254;

    private static final String SELECT = "SELECT id, email, frequency, user_id, status, bounces, created_at, "
            + "confirmed_at FROM digest_subscribers";

    private final Jdbi jdbi;
    private final Clock clock;

    public SubscriberStore(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.clock = clock;
    }

    /**
     * Records a wish to subscribe, not yet confirmed: a new address is pending; one that had unsubscribed is pending
     * again with the new frequency, and so is a suspended one. An active one is returned unchanged (its owner may not
     * be the one asking).
     *
     * @throws IllegalArgumentException when the address is not a plain email address
     */
    public Subscription subscribe(String email, Frequency frequency, Long userId) {
        String address = checkedAddress(email);
        String now = now();
        return jdbi.inTransaction(h -> {
            Optional<Subscription> existing = findByKey(h, key(address));
            if (existing.isEmpty()) {
                long id = h.createUpdate("INSERT INTO digest_subscribers (email, email_key, frequency, user_id, "
                                + "status, created_at) VALUES (?, ?, ?, ?, 'pending', ?)")
                        .bind(0, address).bind(1, key(address)).bind(2, frequency.key()).bind(3, userId)
                        .bind(4, now).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                return find(h, id).orElseThrow();
            }
            Subscription s = existing.get();
            if (s.status() != Subscription.Status.ACTIVE) { // a suspended address confirms again
                h.createUpdate("UPDATE digest_subscribers SET status = 'pending', frequency = ?, "
                                + "user_id = COALESCE(?, user_id) WHERE id = ?")
                        .bind(0, frequency.key()).bind(1, userId).bind(2, s.id()).execute();
                return find(h, s.id()).orElseThrow();
            }
            return s;
        });
    }

    /**
     * Adds an address as already confirmed (moving an existing list), or updates one: active, with this frequency
     * and these topics.
     */
    public Subscription addConfirmed(String email, Frequency frequency, List<String> topics) {
        String address = checkedAddress(email);
        List<String> checked = checkedTopics(topics);
        String now = now();
        return jdbi.inTransaction(h -> {
            Optional<Subscription> existing = findByKey(h, key(address));
            long id;
            if (existing.isEmpty()) {
                id = h.createUpdate("INSERT INTO digest_subscribers (email, email_key, frequency, status, "
                                + "created_at, confirmed_at) VALUES (?, ?, ?, 'active', ?, ?)")
                        .bind(0, address).bind(1, key(address)).bind(2, frequency.key()).bind(3, now).bind(4, now)
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            } else {
                id = existing.get().id();
                h.createUpdate("UPDATE digest_subscribers SET status = 'active', frequency = ?, bounces = 0, "
                                + "confirmed_at = COALESCE(confirmed_at, ?) WHERE id = ?")
                        .bind(0, frequency.key()).bind(1, now).bind(2, id).execute();
            }
            replaceTopics(h, id, checked);
            return find(h, id).orElseThrow();
        });
    }

    /** Confirms a pending subscription (the signed link was opened); empty when there is no such subscriber. */
    public Optional<Subscription> confirm(long id) {
        String now = now();
        return jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE digest_subscribers SET status = 'active', confirmed_at = ?, bounces = 0 "
                    + "WHERE id = ? AND status = 'pending'").bind(0, now).bind(1, id).execute();
            return find(h, id);
        });
    }

    /** Changes frequency and topics; false when there is no such live subscription. */
    public boolean updatePreferences(long id, Frequency frequency, List<String> topics) {
        List<String> checked = checkedTopics(topics);
        return jdbi.inTransaction(h -> {
            int changed = h.createUpdate("UPDATE digest_subscribers SET frequency = ? WHERE id = ? "
                    + "AND status <> 'unsubscribed'").bind(0, frequency.key()).bind(1, id).execute();
            if (changed == 0) {
                return false;
            }
            replaceTopics(h, id, checked);
            return true;
        });
    }

    /** Stops every digest to the address at once and deletes its topics; false when it was not subscribed. */
    public boolean unsubscribe(long id) {
        return jdbi.inTransaction(h -> {
            h.execute("DELETE FROM digest_topics WHERE subscriber_id = ?", id);
            return h.createUpdate("UPDATE digest_subscribers SET status = 'unsubscribed' WHERE id = ? "
                    + "AND status <> 'unsubscribed'").bind(0, id).execute() == 1;
        });
    }

    /** The number signed into the subscription's manage links (0 for an unknown one). */
    public int manageVersion(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT manage_version FROM digest_subscribers WHERE id = ?")
                .bind(0, id).mapTo(Integer.class).findOne().orElse(0));
    }

    /** Makes every manage link sent so far stop working; new ones carry the next number. */
    public void rotateManageLinks(long id) {
        jdbi.useHandle(h -> h.execute("UPDATE digest_subscribers SET manage_version = manage_version + 1 WHERE id = ?",
                id));
    }

    /** A digest was accepted: the run of permanent failures is over. */
    public void recordDelivered(long id) {
        jdbi.useHandle(h -> h.execute("UPDATE digest_subscribers SET bounces = 0 WHERE id = ? AND bounces <> 0", id));
    }

    /**
     * The server refused the address for good (5xx): counts it, and suspends the address at the
     * {@value #SUSPEND_AFTER}rd in a row. Returns the status after.
     */
    public Subscription.Status recordPermanentFailure(long id, String detail) {
        return jdbi.inTransaction(h -> {
            h.createUpdate("UPDATE digest_subscribers SET bounces = bounces + 1, last_error = ? WHERE id = ?")
                    .bind(0, detail).bind(1, id).execute();
            h.createUpdate("UPDATE digest_subscribers SET status = 'suspended' WHERE id = ? AND bounces >= ? "
                    + "AND status = 'active'").bind(0, id).bind(1, SUSPEND_AFTER).execute();
            return find(h, id).orElseThrow().status();
        });
    }

    public Optional<Subscription> find(long id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public Optional<Subscription> findByEmail(String email) {
        if (email == null) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> findByKey(h, key(email.strip())));
    }

    /** The subscription made from this account, if any (the newest). */
    public Optional<Subscription> findByUser(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id FROM digest_subscribers WHERE user_id = ? "
                        + "ORDER BY id DESC LIMIT 1").bind(0, userId).mapTo(Long.class).findOne()
                .flatMap(id -> find(h, id)));
    }

    /** Every subscription, oldest first, with topics. */
    public List<Subscription> list() {
        return jdbi.withHandle(h -> withTopics(h, h.createQuery(SELECT + " ORDER BY id")
                .map((rs, ctx) -> read(rs)).list()));
    }

    /** The active subscriptions of this frequency, oldest first, with topics. */
    public List<Subscription> active(Frequency frequency) {
        return jdbi.withHandle(h -> withTopics(h, h.createQuery(SELECT
                        + " WHERE status = 'active' AND frequency = ? ORDER BY id")
                .bind(0, frequency.key()).map((rs, ctx) -> read(rs)).list()));
    }

    /** Topics checked: at most {@value #MAX_TOPICS}, each a query the search understands; blank ones dropped. */
    public static List<String> checkedTopics(List<String> topics) {
        List<String> out = new ArrayList<>();
        for (String t : topics == null ? List.<String>of() : topics) {
            String topic = t == null ? "" : t.strip();
            if (topic.isEmpty() || out.contains(topic)) {
                continue;
            }
            if (topic.length() > MAX_TOPIC_LENGTH) {
                throw new IllegalArgumentException("a topic can have at most " + MAX_TOPIC_LENGTH
                        + " characters, got " + topic.length());
            }
            SearchQuery q = SearchQuery.parse(topic); // throws with a message when the syntax is wrong
            if (q.isEmpty()) {
                throw new IllegalArgumentException("the topic '" + topic + "' has nothing to search for");
            }
            out.add(topic);
        }
        if (out.size() > MAX_TOPICS) {
            throw new IllegalArgumentException("at most " + MAX_TOPICS + " topics, got " + out.size());
        }
        return out;
    }

    /** The address in its canonical form ({@link EmailAddress}), when it is a plain address; else an IllegalArgumentException. */
    public static String checkedAddress(String email) {
        return EmailAddress.canonical(email);
    }

    private static String key(String address) {
        return EmailAddress.key(address);
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void replaceTopics(Handle h, long id, List<String> topics) {
        h.execute("DELETE FROM digest_topics WHERE subscriber_id = ?", id);
        var batch = h.prepareBatch("INSERT INTO digest_topics (subscriber_id, position, query) VALUES (?, ?, ?)");
        for (int i = 0; i < topics.size(); i++) {
            batch.bind(0, id).bind(1, i).bind(2, topics.get(i)).add();
        }
        if (!topics.isEmpty()) {
            batch.execute();
        }
    }

    private static Optional<Subscription> find(Handle h, long id) {
        return h.createQuery(SELECT + " WHERE id = ?").bind(0, id).map((rs, ctx) -> read(rs)).findOne()
                .map(s -> withTopics(h, List.of(s)).getFirst());
    }

    private static Optional<Subscription> findByKey(Handle h, String key) {
        return h.createQuery("SELECT id FROM digest_subscribers WHERE email_key = ?").bind(0, key)
                .mapTo(Long.class).findOne().flatMap(id -> find(h, id));
    }

    /** Reads every topic in one query (a batch of 10,000 subscribers must not be 10,000 queries). */
    private static List<Subscription> withTopics(Handle h, List<Subscription> subscriptions) {
        if (subscriptions.isEmpty()) {
            return subscriptions;
        }
        Map<Long, List<String>> topics = new LinkedHashMap<>();
        var query = subscriptions.size() == 1
                ? h.createQuery("SELECT subscriber_id, query FROM digest_topics WHERE subscriber_id = ? "
                        + "ORDER BY subscriber_id, position").bind(0, subscriptions.getFirst().id())
                : h.createQuery("SELECT t.subscriber_id, t.query FROM digest_topics t JOIN digest_subscribers s "
                        + "ON s.id = t.subscriber_id WHERE s.id BETWEEN ? AND ? ORDER BY t.subscriber_id, t.position")
                        .bind(0, subscriptions.getFirst().id()).bind(1, subscriptions.getLast().id());
        for (Map.Entry<Long, String> row : query.map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2))).list()) {
            topics.computeIfAbsent(row.getKey(), k -> new ArrayList<>()).add(row.getValue());
        }
        return subscriptions.stream().map(s -> s.withTopics(topics.getOrDefault(s.id(), List.of()))).toList();
    }

    private static Subscription read(java.sql.ResultSet rs) throws java.sql.SQLException {
        long user = rs.getLong(4);
        Long userId = rs.wasNull() ? null : user;
        String confirmed = rs.getString(8);
        return new Subscription(rs.getLong(1), rs.getString(2), Frequency.parse(rs.getString(3)), userId,
                Subscription.Status.fromKey(rs.getString(5)), rs.getInt(6), Instant.parse(rs.getString(7)),
                confirmed == null ? null : Instant.parse(confirmed), List.of());
    }
}
