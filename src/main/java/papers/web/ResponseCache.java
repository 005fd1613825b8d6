package papers.web;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Rendered responses (list pages, API answers, feeds) kept in memory and thrown away as soon as the store changes:
 * each entry remembers the change-log sequence it was rendered at, and an entry of an older sequence is a miss.
 * An entry also keeps a gzipped copy, compressed once when rendered, for clients that accept gzip: a hit costs
 * no template work and no compression, only writing the stored bytes.
 */
public final class ResponseCache {

    /** A rendered response. */
    public record Response(int status, String contentType, byte[] body) {
        public static Response of(int status, String contentType, String body) {
            return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** @param gzipped the body gzipped, or null when compressing does not pay (small or incompressible bodies) */
    private record Entry(long version, Response response, byte[] gzipped) {
        long bytes() {
            return response.body().length + (gzipped == null ? 0 : gzipped.length) + 200L; // 200: key and headers
        }
    }

    /** The default cap on the bodies kept: a few thousand pages, well under the heap of a small server. */
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    /** Below this a gzipped body saves less than the header it needs. */
    static final int MIN_GZIP_BYTES = 512;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** For /metrics: answers served from the cache, and renders. */
    private final java.util.concurrent.atomic.LongAdder hits = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder misses = new java.util.concurrent.atomic.LongAdder();
    private final LongSupplier version;
    private final long maxBytes;
    private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param version  the store's current change sequence (see {@link papers.paper.ChangeFollower#version})
     * @param maxBytes the most body bytes (plain and gzipped) kept; past it, entries are dropped until a tenth is free
     */
    public ResponseCache(LongSupplier version, long maxBytes) {
        this.version = version;
        this.maxBytes = maxBytes;
    }

    public ResponseCache(LongSupplier version) {
        this(version, DEFAULT_MAX_BYTES);
    }

    /** How many responses are kept. */
    int size() {
        return entries.size();
    }

    /** The bytes the kept responses hold, as counted against the cap. */
    long bytes() {
        return bytes.get();
    }

    /** Answers from the cache when the data has not changed since {@code key} was rendered, else renders it. */
    public void serve(Context ctx, String key, Supplier<Response> render) {
        Entry entry = entry(key, render);
        ctx.header("Vary", "Accept-Encoding");
        // A signed-in viewer's page gets their header swapped in when sent (ViewerSlots): the stored gzipped
        // copy, which holds the anonymous header, is only for anonymous requests.
        if (entry.gzipped() != null && !Auth.signedIn(ctx) && acceptsGzip(ctx.header("Accept-Encoding"))) {
            ctx.header("Content-Encoding", "gzip");
            Response plain = entry.response();
            WebServer.send(ctx, new Response(plain.status(), plain.contentType(), entry.gzipped()));
        } else {
            WebServer.send(ctx, entry.response());
        }
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    /** The change sequence the cache's entries are checked against (its lag behind the store is a metric). */
    public long version() {
        return version.getAsLong();
    }

    public Response get(String key, Supplier<Response> render) {
        return entry(key, render).response();
    }

    private Entry entry(String key, Supplier<Response> render) {
        long now = version.getAsLong();
        Entry entry = entries.get(key);
        if (entry != null && entry.version() == now) {
            hits.increment();
            return entry;
        }
        misses.increment();
        Response response = render.get();
        entry = new Entry(now, response, gzip(response.body()));
        if (entry.bytes() > maxBytes / 10) {
            return entry; // one huge answer would push out everything else: served, not kept
        }
        Entry replaced = entries.put(key, entry);
        bytes.addAndGet(entry.bytes() - (replaced == null ? 0 : replaced.bytes()));
        if (bytes.get() > maxBytes) {
            evict();
        }
        return entry;
    }

    /**
     * Drops entries until a tenth of the cap is free. The map's order is arbitrary, which makes this a random
     * eviction: cheap, and a hot page dropped by chance is rendered again on its next request.
     */
    private synchronized void evict() {
        var it = entries.entrySet().iterator();
        while (bytes.get() > maxBytes - maxBytes / 10 && it.hasNext()) {
            Entry e = it.next().getValue();
            it.remove();
            bytes.addAndGet(-e.bytes());
        }
    }

    /** True when an Accept-Encoding header lists gzip (or *) without refusing it with q=0. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.split(";");
            String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
            if (!coding.equals("gzip") && !coding.equals("*")) {
                continue;
            }
            boolean refused = false;
            for (int i = 1; i < pieces.length; i++) {
                String param = pieces[i].trim().toLowerCase(Locale.ROOT);
                if (param.startsWith("q=")) {
                    try {
                        refused = Double.parseDouble(param.substring(2).trim()) <= 0;
                    } catch (NumberFormatException e) {
                        refused = true;
                    }
                }
            }
            if (!refused) {
                return true;
            }
        }
        return false;
    }

    static byte[] gzip(byte[] body) {
        if (body.length < MIN_GZIP_BYTES) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen in memory
        }
        return out.size() < body.length ? out.toByteArray() : null;
    }

}
