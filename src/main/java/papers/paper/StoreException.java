package papers.paper;

/** The database refused or failed a statement; the transaction it was part of has been rolled back. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
