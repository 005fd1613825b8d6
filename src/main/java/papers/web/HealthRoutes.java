package papers.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What a load balancer and a monitor ask a node: {@code /healthz} (the process answers: restart it otherwise),
 * {@code /readyz} (send it readers: start-up finished, the database answers, the search index is caught up; a 503
 * with a JSON reason otherwise) and {@code /metrics} (Prometheus text). None of them is cached or needs a session.
 */
public final class HealthRoutes {

    /** A node whose index is further behind the change log than this is not ready (its searches would be stale). */
    public static final long MAX_READY_LAG = 1_000;

    private final Supplier<String> startUp;
    private final Runnable databasePing;
    private final LongSupplier indexLag;
    private final Metrics metrics;

    /**
     * @param startUp      "ready" once the background start-up finished, else what it is doing or why it failed
     *                     ("rebuilding ..." when the search index is rebuilt after damage)
     * @param databasePing throws when the database does not answer
     * @param indexLag     change-log entries the search index has not applied yet
     */
    public HealthRoutes(Supplier<String> startUp, Runnable databasePing, LongSupplier indexLag, Metrics metrics) {
        this.startUp = startUp;
        this.databasePing = databasePing;
        this.indexLag = indexLag;
        this.metrics = metrics;
    }

    void register(JavalinConfig config) {
        config.requestLogger.http(metrics::request);
        WebServer.get(config.routes, "/healthz", ctx -> answer(ctx, 200, Map.of("status", "alive")));
        WebServer.get(config.routes, "/readyz", this::ready);
        WebServer.get(config.routes, "/metrics", ctx -> {
            ctx.attribute("papers.handled", true);
            ctx.header("Cache-Control", "no-store");
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        });
    }

    /** Why a node whose start-up says {@code start} is not ready; null when it is. */
    static String startUpReason(String start) {
        if ("ready".equals(start)) {
            return null;
        }
        return start.startsWith("failed") ? "start-up " + start
                : start.startsWith("rebuilding") || start.startsWith("warming") ? start
                : "still starting (demo data, search index)";
    }

    /** A load balancer's or monitor's request, not a reader's. */
    static boolean isProbe(String path) {
        return path.equals("/healthz") || path.equals("/readyz") || path.equals("/metrics");
    }

    private void ready(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        String start = startUp.get();
        body.put("startUp", start);
        String reason = startUpReason(start);
        try {
            databasePing.run();
            body.put("database", "ok");
            long lag = indexLag.getAsLong();
            body.put("indexLag", lag);
            if (reason == null && lag > MAX_READY_LAG) {
                reason = "the search index is " + lag + " changes behind the store";
            }
        } catch (RuntimeException e) {
            body.put("database", "not answering");
            reason = "the database is not answering";
        }
        body.put("status", reason == null ? "ready" : "not ready");
        if (reason != null) {
            body.put("reason", reason);
        }
        answer(ctx, reason == null ? 200 : 503, body);
    }

    private static void answer(Context ctx, int status, Map<String, ?> body) {
        ctx.header("Cache-Control", "no-store");
        try {
            WebServer.send(ctx, ResponseCache.Response.of(status, "application/json",
                    new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
