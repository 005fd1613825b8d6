package papers.digest;

import java.time.Instant;
import java.util.List;

/**
 * One address that gets (or asked to get) digests. {@code userId} is the account it was made from, null without one;
 * {@code topics} are saved searches in the search syntax.
 */
public record Subscription(long id, String email, Frequency frequency, Long userId, Status status, int bounces,
                           Instant createdAt, Instant confirmedAt, List<String> topics) {

    public enum Status {
        /** Waiting for the confirmation link to be opened: nothing is sent but the confirmation. */
        PENDING,
        ACTIVE,
        /** Three permanent delivery failures in a row. */
        SUSPENDED,
        UNSUBSCRIBED;

        String key() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Status fromKey(String key) {
            return valueOf(key.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public Subscription {
        topics = List.copyOf(topics);
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }

    Subscription withTopics(List<String> newTopics) {
        return new Subscription(id, email, frequency, userId, status, bounces, createdAt, confirmedAt, newTopics);
    }
}
