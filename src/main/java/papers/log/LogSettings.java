package papers.log;

import java.util.Map;
import org.slf4j.event.Level;

/**
 * What the line logger prints: the format (plain by default, JSON when {@code PAPERS_LOG_FORMAT=json}, set once at
 * start by the command line from {@code Config}) and the level per logger: our own messages at INFO, libraries'
 * warnings and errors only (their INFO lines are start-up chatter), DJL's "no CUDA GPU" warning not at all.
 */
public final class LogSettings {

    /** The MDC key of the id of the request being answered (set by the web server). */
    public static final String REQUEST_ID = "requestId";

    static final Map<String, Level> LEVELS = Map.of("papers", Level.INFO, "ai.djl.util.cuda", Level.ERROR);
    private static volatile boolean json;

    private LogSettings() {
    }

    /** "plain" or "json". */
    public static void format(String format) {
        json = "json".equals(format);
    }

    static boolean json() {
        return json;
    }

    /** The level of the most specific configured prefix of {@code name}, else WARN. */
    static Level levelOf(String name) {
        String n = name;
        while (true) {
            Level l = LEVELS.get(n);
            if (l != null) {
                return l;
            }
            int dot = n.lastIndexOf('.');
            if (dot < 0) {
                return Level.WARN;
            }
            n = n.substring(0, dot);
        }
    }
}
