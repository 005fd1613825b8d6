package papers.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import papers.paper.ArxivId;

/**
 * A search box's text, understood: an arXiv id (or a pasted abs/pdf URL) that goes straight to a paper, or words,
 * "quoted phrases", {@code author:} and {@code org:} terms (a quoted value keeps spaces), and {@code -excluded} words.
 * Parsing never fails on odd input: quotes left open, brackets, a lone {@code -}, query syntax like {@code *:*} and
 * control characters are read as plain text. It only refuses (with a message fit for a 400) a query that is too long
 * or that has nothing to search for once the punctuation is gone.
 */
public record SearchQuery(String text, ArxivId arxivId, List<String> terms, List<String> phrases,
                          List<String> excluded, List<String> authors, List<String> organizations) {

    public static final int MAX_LENGTH = 1000;
    /** Each word becomes clauses over several fields, and rescoring multiplies them: past this, Lucene refuses. */
    public static final int MAX_WORDS = 64;

    public SearchQuery {
        text = text == null ? "" : text;
        terms = List.copyOf(terms);
        phrases = List.copyOf(phrases);
        excluded = List.copyOf(excluded);
        authors = List.copyOf(authors);
        organizations = List.copyOf(organizations);
    }

    /** The query that matches everything (filters and sort still apply). */
    public static SearchQuery all() {
        return new SearchQuery("", null, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /**
     * Reads a search box's text.
     *
     * @throws IllegalArgumentException when the text is longer than {@value #MAX_LENGTH} characters or has no letters
     *                                  or digits to search for
     */
    public static SearchQuery parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return all();
        }
        if (raw.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the query is too long (" + raw.length()
                    + " characters); at most " + MAX_LENGTH + " are searched");
        }
        String text = cleaned(raw);
        long words = java.util.Arrays.stream(text.split("\\s+")).filter(w -> !w.isEmpty()).count();
        if (words > MAX_WORDS) {
            throw new IllegalArgumentException("the query has too many words (" + words + "); at most " + MAX_WORDS
                    + " are searched");
        }
        var id = ArxivId.parse(text);
        if (id.isPresent()) {
            return new SearchQuery(text, id.get(), List.of(), List.of(), List.of(), List.of(), List.of());
        }
        List<String> terms = new ArrayList<>();
        List<String> phrases = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        List<String> authors = new ArrayList<>();
        List<String> orgs = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '"') {
                int end = text.indexOf('"', i + 1);
                if (end < 0) { // an unclosed quote: the rest is plain words
                    i++;
                    continue;
                }
                addIfSearchable(phrases, text.substring(i + 1, end));
                i = end + 1;
                continue;
            }
            int end = i;
            while (end < n && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            String token = text.substring(i, end);
            String lower = token.toLowerCase(Locale.ROOT);
            String field = lower.startsWith("author:") ? "author:" : lower.startsWith("org:") ? "org:" : null;
            if (field != null) {
                String value;
                int valueStart = i + field.length();
                if (valueStart < n && text.charAt(valueStart) == '"' && text.indexOf('"', valueStart + 1) > 0) {
                    int close = text.indexOf('"', valueStart + 1);
                    value = text.substring(valueStart + 1, close);
                    end = close + 1;
                } else {
                    value = token.substring(field.length());
                }
                addIfSearchable(field.equals("author:") ? authors : orgs, value);
            } else if (token.startsWith("-") && token.length() > 1) {
                addIfSearchable(excluded, token.substring(1));
            } else {
                addIfSearchable(terms, token);
            }
            i = end;
        }
        if (terms.isEmpty() && phrases.isEmpty() && authors.isEmpty() && orgs.isEmpty()) {
            throw new IllegalArgumentException("the query has no words to search for: try words from a title or "
                    + "abstract, \"a phrase\", author:name, org:name or an arXiv id");
        }
        return new SearchQuery(text, null, terms, phrases, excluded, authors, orgs);
    }

    /** Control characters become spaces; everything else stays (analysis drops what is not a word). */
    private static String cleaned(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        raw.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                sb.append(' ');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString().strip();
    }

    private static void addIfSearchable(List<String> to, String value) {
        String v = value.strip();
        if (v.codePoints().anyMatch(Character::isLetterOrDigit)) {
            to.add(v);
        }
    }

    public boolean isEmpty() {
        return arxivId == null && terms.isEmpty() && phrases.isEmpty() && authors.isEmpty() && organizations.isEmpty();
    }

    public boolean isIdLookup() {
        return arxivId != null;
    }

    /** Fielded queries name an author or organization: they go to the lexical index only. */
    public boolean isFielded() {
        return !authors.isEmpty() || !organizations.isEmpty();
    }

    /** Whether the query describes content, so the vector index can help: free words or phrases, nothing fielded. */
    public boolean wantsVectors() {
        return !isIdLookup() && !isFielded() && (!terms.isEmpty() || !phrases.isEmpty());
    }

    /** The words and phrases as one text, for the embedder. */
    public String freeText() {
        List<String> parts = new ArrayList<>(phrases);
        parts.addAll(terms);
        return String.join(" ", parts);
    }
}
