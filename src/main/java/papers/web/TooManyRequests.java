package papers.web;

/** A rate limit was hit: 429 with Retry-After. */
final class TooManyRequests extends RuntimeException {

    final long retryAfterSeconds;

    TooManyRequests(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
