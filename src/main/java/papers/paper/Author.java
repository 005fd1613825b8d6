package papers.paper;

/** One author of a paper as listed on it; {@code hfUser} is the Hugging Face account that claimed it, if any. */
public record Author(String name, String hfUser, boolean hidden) {
    public Author {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("author name is empty");
        }
    }

    public static Author named(String name) {
        return new Author(name, null, false);
    }
}
