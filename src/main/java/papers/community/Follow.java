package papers.community;

import java.time.Instant;
import java.util.Locale;

/**
 * Something a user follows, since when. {@code target} is the key of the page that lists its papers: an author's
 * name exactly as printed on papers ({@code /authors/{name}}), an organization's short name ({@code /orgs/{name}}).
 */
public record Follow(Kind kind, String target, Instant since) {

    public enum Kind {
        AUTHOR, ORGANIZATION;

        /** As stored in the {@code follows.kind} column and written in the JSON API. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind named {@code key} ("author" or "organization"), or null. */
        public static Kind fromKey(String key) {
            for (Kind k : values()) {
                if (k.key().equals(key)) {
                    return k;
                }
            }
            return null;
        }
    }
}
