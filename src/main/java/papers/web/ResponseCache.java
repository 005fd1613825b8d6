package papers.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Rendered responses (list pages, API answers, feeds) kept in memory and thrown away as soon as the store changes:
 * each entry remembers the change-log sequence it was rendered at, and an entry of an older sequence is a miss.
 */
public final class ResponseCache {

    /** A rendered response. */
    public record Response(int status, String contentType, byte[] body) {
        public static Response of(int status, String contentType, String body) {
            return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private record Entry(long version, Response response) { }

    private static final int MAX_ENTRIES = 20_000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongSupplier version;

    /** @param version the store's current change sequence (see {@link ChangeWatcher}) */
    public ResponseCache(LongSupplier version) {
        this.version = version;
    }

    /** Answers from the cache when the data has not changed since {@code key} was rendered, else renders it. */
    public void serve(Context ctx, String key, Supplier<Response> render) {
        WebServer.send(ctx, get(key, render));
    }

    public Response get(String key, Supplier<Response> render) {
        long now = version.getAsLong();
        Entry entry = entries.get(key);
        if (entry != null && entry.version() == now) {
            return entry.response();
        }
        Response response = render.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear(); // crude, but bounded; hot keys come back at once
        }
        entries.put(key, new Entry(now, response));
        return response;
    }

    /** The request's path and query: the cache key of a GET. */
    public static String key(Context ctx) {
        String query = ctx.queryString();
        return query == null || query.isEmpty() ? ctx.path() : ctx.path() + "?" + query;
    }
}
