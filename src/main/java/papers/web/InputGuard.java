package papers.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Refuses control characters at the edge, before any route sees them: a NUL byte reaches PostgreSQL as an error
 * (a 500 before this), and other control characters have no business in names, addresses, queries or comments.
 * Tabs and line breaks stay allowed. Checks the path, the query string, form fields and JSON bodies (raw and
 * {@code \\u0000}-style escapes).
 */
final class InputGuard {

    /** JSON escapes of control characters other than tab, line feed and carriage return. */
    private static final Pattern JSON_CONTROL_ESCAPE =
            Pattern.compile("\\\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF])");

    private InputGuard() {
    }

    static void check(Context ctx) {
        String path;
        try {
            path = URLDecoder.decode(ctx.path().replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("The address is not valid URL encoding.");
        }
        refuse("The address", path);
        for (Map.Entry<String, List<String>> e : ctx.queryParamMap().entrySet()) {
            refuse("The parameter " + printable(e.getKey()), e.getKey());
            e.getValue().forEach(v -> refuse("The parameter " + printable(e.getKey()), v));
        }
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
            for (Map.Entry<String, List<String>> e : ctx.formParamMap().entrySet()) {
                e.getValue().forEach(v -> refuse("The field " + printable(e.getKey()), v));
            }
        } else if (type.startsWith("application/json")) {
            String body = ctx.body();
            refuse("The JSON body", body);
            if (JSON_CONTROL_ESCAPE.matcher(body).find()) {
                throw new BadRequestResponse("The JSON body holds a control character; remove it and try again.");
            }
        }
    }

    private static void refuse(String what, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                throw new BadRequestResponse(what + " holds a control character (U+"
                        + String.format("%04X", (int) c) + "); remove it and try again.");
            }
        }
    }

    private static String printable(String s) {
        return s.length() > 40 || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f) ? "(unprintable)" : s;
    }
}
