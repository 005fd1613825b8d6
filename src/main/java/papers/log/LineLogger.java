package papers.log;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One line an event on standard error, plain or JSON: a stack trace is folded into the line (a log shipper then
 * keeps an event whole), and the request id of the request being answered, when there is one, rides along.
 * Plain: {@code 2026-11-29 17:00:00 WARN DigestRun - message req=3f2a9c}. JSON: one object a line with
 * {@code time}, {@code level}, {@code logger}, {@code message}, and {@code requestId} and {@code error} when known.
 */
final class LineLogger extends LegacyAbstractLogger {

    private static final DateTimeFormatter PLAIN_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final String shortName;
    private final int threshold;

    LineLogger(String name, Level threshold) {
        this.name = name;
        this.shortName = name.substring(name.lastIndexOf('.') + 1);
        this.threshold = threshold.toInt();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(pattern, arguments);
        String requestId = MDC.get(LogSettings.REQUEST_ID);
        String line = LogSettings.json()
                ? json(level, message, requestId, throwable)
                : plain(level, message, requestId, throwable);
        PrintStream err = System.err; // read each time: tests and the CLI replace it
        err.println(line);
    }

    private String plain(Level level, String message, String requestId, Throwable throwable) {
        StringBuilder b = new StringBuilder(96).append(PLAIN_TIME.format(Instant.now())).append(' ')
                .append(level).append(' ').append(shortName).append(" - ").append(oneLine(message));
        if (requestId != null) {
            b.append(" req=").append(requestId);
        }
        if (throwable != null) {
            b.append(" | ").append(oneLine(trace(throwable)));
        }
        return b.toString();
    }

    private String json(Level level, String message, String requestId, Throwable throwable) {
        StringBuilder b = new StringBuilder(128).append('{');
        field(b, "time", Instant.now().toString());
        b.append(',');
        field(b, "level", level.toString());
        b.append(',');
        field(b, "logger", name);
        b.append(',');
        field(b, "message", message);
        if (requestId != null) {
            b.append(',');
            field(b, "requestId", requestId);
        }
        if (throwable != null) {
            b.append(',');
            field(b, "error", trace(throwable));
        }
        return b.append('}').toString();
    }

    /** The exception and its causes, with the first frames of each: enough to find the place, on one line. */
    static String trace(Throwable throwable) {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        for (Throwable t = throwable; t != null && depth < 5; t = t.getCause(), depth++) {
            if (depth > 0) {
                b.append(" caused by ");
            }
            b.append(t);
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, 6); i++) {
                b.append(" at ").append(frames[i]);
            }
        }
        return b.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "null" : s.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static void field(StringBuilder b, String key, String value) {
        b.append('"').append(key).append("\":\"");
        String v = value == null ? "null" : value;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    @Override
    public boolean isTraceEnabled() {
        return threshold <= Level.TRACE.toInt();
    }

    @Override
    public boolean isDebugEnabled() {
        return threshold <= Level.DEBUG.toInt();
    }

    @Override
    public boolean isInfoEnabled() {
        return threshold <= Level.INFO.toInt();
    }

    @Override
    public boolean isWarnEnabled() {
        return threshold <= Level.WARN.toInt();
    }

    @Override
    public boolean isErrorEnabled() {
        return threshold <= Level.ERROR.toInt();
    }

    static Map<String, Level> levels() {
        return LogSettings.LEVELS;
    }
}
