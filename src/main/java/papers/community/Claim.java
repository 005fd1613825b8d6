package papers.community;

import java.time.Instant;
import java.util.Locale;

/**
 * A user's claim to be the author at {@code authorPosition} (from 0) of a paper's author list, named
 * {@code authorName} when claimed. An admin approves or rejects it; {@code decidedAt} is null while pending.
 */
public record Claim(long id, String paperId, int authorPosition, String authorName, long userId, String username,
                    Status status, Instant createdAt, Instant decidedAt) {

    public enum Status {
        PENDING, APPROVED, REJECTED;

        /** As stored in {@code author_claims.status}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status fromKey(String key) {
            return valueOf(key.toUpperCase(Locale.ROOT));
        }
    }
}
