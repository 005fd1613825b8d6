package papers.web;

/** A request refused for a missing or wrong CSRF token or credentials: 403 (401 when {@code unauthenticated}). */
final class Forbidden extends RuntimeException {

    final boolean unauthenticated;

    Forbidden(String message, boolean unauthenticated) {
        super(message);
        this.unauthenticated = unauthenticated;
    }
}
