package papers.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Addresses of the site's static files with a fingerprint of their content ({@code /static/site.css?v=3f2a…}), so
 * they can be cached for a year: a changed file gets a new address, and pages (cached themselves for minutes at
 * most) point to it at once. Templates call {@link #href}.
 */
public final class Assets {

    /** Static files are cached this long: they never change under one fingerprinted address. */
    static final String CACHE_CONTROL = "public, max-age=31536000, immutable";

    private static final Map<String, String> HREFS = new ConcurrentHashMap<>();

    private Assets() {
    }

    /** {@code /static/<name>?v=<first 10 hex digits of its SHA-256>}; the name is a file under /static. */
    public static String href(String name) {
        return HREFS.computeIfAbsent(name, n -> "/static/" + n + "?v=" + fingerprint(n));
    }

    static String fingerprint(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("/static/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no static file " + name);
            }
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
            return HexFormat.of().formatHex(hash, 0, 5);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
