package papers.community;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Email addresses in one canonical form, before anything limits, stores or compares them: a quoted local part
 * that needs no quotes loses them ({@code "ada"@example.org} is {@code ada@example.org}), the domain is lower-cased,
 * and names, lists, comments, control characters and quoted parts that would need the quotes are refused. Without
 * this, one inbox could be spelled many ways, each with its own limit and subscription.
 */
public final class EmailAddress {

    public static final int MAX_LENGTH = 254;
    private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final Pattern LOCAL = Pattern.compile(ATOM + "(\\." + ATOM + ")*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.[a-z]{2,63}");

    private EmailAddress() {
    }

    /** The canonical form of {@code email}, or an IllegalArgumentException saying what is wrong. */
    public static String canonical(String email) {
        String address = email == null ? "" : email.strip();
        if (address.isEmpty()) {
            throw new IllegalArgumentException("an email address is required");
        }
        if (address.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("an email address has at most " + MAX_LENGTH + " characters");
        }
        int at = address.lastIndexOf('@');
        String local = at < 1 ? "" : address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.length() > 2 && local.startsWith("\"") && local.endsWith("\"")) {
            local = local.substring(1, local.length() - 1); // kept only if it needed no quotes: checked below
        }
        if (local.length() > 64 || !LOCAL.matcher(local).matches() || !DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("'" + printable(address) + "' is not an email address like ada@example.org");
        }
        return local + "@" + domain.toLowerCase(Locale.ROOT);
    }

    /** One key per mailbox, for uniqueness: the canonical form lower-cased (mail servers ignore case in practice). */
    public static String key(String canonical) {
        return canonical.toLowerCase(Locale.ROOT);
    }

    /** One key per inbox, for rate limits: also without a "+tag" (ada+1@x.org and ada@x.org reach one person). */
    public static String limitKey(String canonical) {
        String e = key(canonical);
        int at = e.lastIndexOf('@');
        int plus = e.indexOf('+');
        return plus >= 0 && plus < at ? e.substring(0, plus) + e.substring(at) : e;
    }

    private static String printable(String s) {
        return s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
