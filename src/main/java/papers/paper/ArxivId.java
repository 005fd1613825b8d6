package papers.paper;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An arXiv identifier split into its versionless id and optional version.
 * New style {@code 2405.15738v2}; old style {@code hep-th/9901001v1} (archive, optional subject class, 7 digits).
 * Accepts the forms people paste: {@code arXiv:} prefixes and abs/pdf URLs.
 */
public record ArxivId(String id, Integer version) {

    private static final Pattern NEW_STYLE = Pattern.compile("(\\d{4}\\.\\d{4,5})(?:v(\\d+))?");
    private static final Pattern OLD_STYLE =
            Pattern.compile("([a-z]+(?:-[a-z]+)*(?:\\.[A-Z]{2})?/\\d{7})(?:v(\\d+))?");
    private static final Pattern URL_PREFIX = Pattern.compile(
            "^(?:https?://)?(?:www\\.|export\\.)?arxiv\\.org/(?:abs|pdf|html)/", Pattern.CASE_INSENSITIVE);

    /** Parses an id, an id with version, {@code arXiv:ID}, or an arxiv.org abs/pdf URL. */
    public static Optional<ArxivId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        s = URL_PREFIX.matcher(s).replaceFirst("");
        if (s.regionMatches(true, 0, "arxiv:", 0, 6)) {
            s = s.substring(6);
        }
        if (s.endsWith(".pdf")) {
            s = s.substring(0, s.length() - 4);
        }
        for (Pattern p : new Pattern[] {NEW_STYLE, OLD_STYLE}) {
            Matcher m = p.matcher(s);
            if (m.matches()) {
                Integer version = m.group(2) == null ? null : parseVersion(m.group(2));
                if (m.group(2) != null && version == null) {
                    return Optional.empty();
                }
                return Optional.of(new ArxivId(m.group(1), version));
            }
        }
        return Optional.empty();
    }

    /** True when {@code text} is a versionless arXiv id exactly as stored. */
    public static boolean isCanonical(String text) {
        return parse(text).map(a -> a.version() == null && a.id().equals(text)).orElse(false);
    }

    private static Integer parseVersion(String digits) {
        try {
            int v = Integer.parseInt(digits);
            return v >= 1 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
