package papers.community;

/** A refused account operation, with a message fit to show the person who asked. */
public final class AccountException extends RuntimeException {

    public AccountException(String message) {
        super(message);
    }
}
