package papers.web;

/** A request parameter is wrong; answered with 400 and the message (JSON under /api, a page elsewhere). */
public final class BadRequest extends RuntimeException {
    public BadRequest(String message) {
        super(message);
    }
}
