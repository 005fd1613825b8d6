package papers.paper;

/** The organization a paper was submitted under: its short name (the key), full name and avatar URL. */
public record Organization(String name, String fullName, String avatar) {
    public Organization {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("organization name is empty");
        }
    }

    public String displayName() {
        return fullName == null || fullName.isBlank() ? name : fullName;
    }
}
