package papers.paper;

/** The community member who put a paper on the daily feed. */
public record Submitter(String name, String fullName, String avatarUrl) {
    public Submitter {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("submitter name is empty");
        }
    }
}
