package papers.web;

import io.javalin.config.JavalinConfig;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * How the server behaves when things around it fail: on stop it drains the requests in flight (Jetty's
 * {@link GracefulHandler}: new connections are refused, running requests get {@link #DRAIN_MILLIS} to finish);
 * a reader who hangs up is not an error; a database that does not answer is a 503 with a message, not a 500
 * after Hikari's 30 s (the pool's short connection timeout is set in {@code Database}); a search index being rebuilt
 * after damage is a 503 too.
 */
public final class Resilience {

    /** How long a stop waits for requests in flight. */
    public static final long DRAIN_MILLIS = 10_000;
    static final String DATABASE_DOWN = "The database is not answering right now; please try again in a moment.";
    static final String INDEX_REBUILDING = "The search index is being rebuilt; please search again in a moment.";

    private Resilience() {
    }

    /** Drain on stop: the graceful handler wraps Javalin's, and Jetty waits for it up to the stop timeout. */
    public static void configure(JavalinConfig config) {
        config.jetty.modifyServer(server -> {
            server.setHandler(new GracefulHandler());
            server.setStopTimeout(DRAIN_MILLIS);
        });
    }

    private static final java.util.regex.Pattern GIVEN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * Gives the request an id for the log lines written while answering it, and sends it back as X-Request-Id: the
     * proxy's id when it sent a sane one (so its log and ours join), else a new one.
     */
    static void assignRequestId(io.javalin.http.Context ctx) {
        String given = ctx.header("X-Request-Id");
        String id = given != null && GIVEN_ID.matcher(given).matches() ? given
                : Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffffffffL);
        org.slf4j.MDC.put(papers.log.LogSettings.REQUEST_ID, id);
        ctx.header("X-Request-Id", id);
    }

    /** The thread answers another request next: its log lines must not carry this one's id. */
    static void forgetRequestId(io.javalin.http.Context ctx) {
        org.slf4j.MDC.remove(papers.log.LogSettings.REQUEST_ID);
    }

    /** True when the exception only says the client closed the connection (EofException, a broken pipe). */
    static boolean clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EofException) {
                return true;
            }
            if (t instanceof java.io.IOException && t.getMessage() != null
                    && (t.getMessage().contains("Broken pipe") || t.getMessage().contains("Connection reset"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the database could not be reached: no connection from the pool in time, or a connection that
     * broke (SQL state class 08, "connection exception", in both drivers; 57P01-3 when PostgreSQL shuts down).
     */
    static boolean databaseDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof org.jdbi.v3.core.ConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
