package papers.community;

/** A live session: who it belongs to and the CSRF token every state-changing form of this session must carry. */
public record SignedIn(User user, String csrfToken) {
}
