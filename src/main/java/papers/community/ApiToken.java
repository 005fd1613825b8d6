package papers.community;

import java.time.Instant;

/** A personal API token as listed to its owner (the secret itself is shown once, when created). */
public record ApiToken(long id, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
}
