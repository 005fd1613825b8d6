package papers.community;

import java.time.Instant;

/** An account. {@code bannedAt} is null unless an admin banned it. */
public record User(long id, String username, String email, boolean admin, Instant bannedAt, Instant createdAt) {

    public boolean banned() {
        return bannedAt != null;
    }
}
