package papers.paper;

/** One entry of the store's change log: {@code paperId} was created or changed, in order of {@code seq}. */
public record PaperChange(long seq, String paperId) {
}
