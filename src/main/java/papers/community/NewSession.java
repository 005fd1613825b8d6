package papers.community;

import java.time.Instant;

/** A session just created: the raw id goes into the cookie and is never stored; only its digest is. */
public record NewSession(String token, String csrfToken, Instant expiresAt) {
}
