package papers.recommend;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import papers.paper.Author;
import papers.paper.Paper;

/**
 * What a reader does not want to see: papers with a muted word (a whole word of the title or abstract, any case),
 * in a muted arXiv category, or by a muted author (the name as printed on papers).
 */
public record Mutes(Set<String> words, Set<String> categories, Set<String> authors) {

    public enum Kind {
        WORD, CATEGORY, AUTHOR;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromKey(String key) {
            for (Kind k : values()) {
                if (k.key().equals(key)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("kind must be word, category or author, got '" + key + "'");
        }
    }

    public static final Mutes NONE = new Mutes(Set.of(), Set.of(), Set.of());
    private static final int MAX_LENGTH = 100;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}\\-]*");

    public Mutes {
        words = Set.copyOf(words);
        categories = Set.copyOf(categories);
        authors = Set.copyOf(authors);
    }

    public boolean isEmpty() {
        return words.isEmpty() && categories.isEmpty() && authors.isEmpty();
    }

    public int size() {
        return words.size() + categories.size() + authors.size();
    }

    /** Whether the paper is muted. */
    public boolean hides(Paper p) {
        for (String c : p.categories()) {
            if (categories.contains(c)) {
                return true;
            }
        }
        for (Author a : p.authors()) {
            if (authors.contains(a.name())) {
                return true;
            }
        }
        if (!words.isEmpty()) {
            var m = WORD.matcher(p.title() + " " + p.abstractText());
            while (m.find()) {
                if (words.contains(m.group().toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A mute's value as stored: a word lower-cased (one word only), a category that arXiv has, an author's name
     * trimmed. Throws {@link IllegalArgumentException} with a message for the reader otherwise.
     */
    public static String normalize(Kind kind, String raw) {
        String v = raw == null ? "" : raw.strip();
        if (v.isEmpty() || v.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a mute needs a value of 1 to " + MAX_LENGTH + " characters");
        }
        return switch (kind) {
            case WORD -> {
                if (!WORD.matcher(v).matches()) {
                    throw new IllegalArgumentException("mute one word at a time (letters, digits, hyphens): '" + v
                            + "'");
                }
                yield v.toLowerCase(Locale.ROOT);
            }
            case CATEGORY -> papers.paper.ArxivCategories.check(v);
            case AUTHOR -> v;
        };
    }
}
