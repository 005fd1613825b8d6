package papers.sources;

/** {@code sources.toml} cannot be used; the message names the file, the line and the key. */
public final class SourcesFileException extends RuntimeException {
    public SourcesFileException(String message) {
        super(message);
    }
}
