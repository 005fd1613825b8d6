package papers.community;

import java.time.Instant;

/**
 * An account. {@code bannedAt} is null unless an admin banned it; {@code emailVerifiedAt} until its address is proven.
 */
public record User(long id, String username, String email, boolean admin, Instant bannedAt, Instant createdAt,
                   Instant emailVerifiedAt) {

    public User(long id, String username, String email, boolean admin, Instant bannedAt, Instant createdAt) {
        this(id, username, email, admin, bannedAt, createdAt, null);
    }

    /** Whether the owner of the account opened the link mailed to its address. */
    public boolean emailVerified() {
        return emailVerifiedAt != null;
    }


    public boolean banned() {
        return bannedAt != null;
    }
}
