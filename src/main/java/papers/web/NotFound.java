package papers.web;

/** Thrown by a route for a thing that does not exist; answered with a 404 in the request's kind (page or JSON). */
public final class NotFound extends RuntimeException {
    public NotFound(String message) {
        super(message);
    }
}
