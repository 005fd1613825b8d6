package papers.community;

import java.time.Instant;

/** A personal API token as listed to its owner (the secret itself is shown once, when created). */
public record ApiToken(long id, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt,
                       Instant expiresAt) {

    /** Whether it has passed its expiry (never, when it has none). */
    public boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
