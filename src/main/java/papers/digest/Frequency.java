package papers.digest;

import java.util.Locale;

/** How often a subscriber gets a digest: daily (on weekdays, unless configured) or weekly (on Mondays). */
public enum Frequency {
    DAILY, WEEKLY;

    /** As stored and typed: "daily", "weekly". */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The frequency named {@code text}, or an IllegalArgumentException naming the choices. */
    public static Frequency parse(String text) {
        if (text != null) {
            for (Frequency f : values()) {
                if (f.key().equalsIgnoreCase(text.strip())) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException("frequency must be daily or weekly, got '" + text + "'");
    }
}
