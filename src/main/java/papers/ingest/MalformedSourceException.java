package papers.ingest;

/** The source as a whole cannot be read (not JSON, not XML, truncated, an error document): the import stops. */
public class MalformedSourceException extends Exception {
    public MalformedSourceException(String message) {
        super(message);
    }

    public MalformedSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
