package papers;

import java.nio.file.Path;
import java.util.Map;

/**
 * Every setting of Daily Papers, read from {@code PAPERS_*} environment variables in this one place
 * and passed down; nothing else reads the environment.
 */
public record Config(Path home, String dbUrl, String dbUser, String dbPassword, int port, long arxivDelayMillis,
                     String baseUrl) {

    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_ARXIV_DELAY_MILLIS = 3_000;

    public static Config from(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("PAPERS_HOME", "data")).toAbsolutePath().normalize();
        String db = blankToNull(env.get("PAPERS_DB"));
        if (db == null) {
            db = "jdbc:sqlite:" + home.resolve("papers.db");
        }
        return new Config(home, db,
                blankToNull(env.get("PAPERS_DB_USER")),
                blankToNull(env.get("PAPERS_DB_PASSWORD")),
                parseInt(env, "PAPERS_PORT", DEFAULT_PORT),
                parseInt(env, "PAPERS_ARXIV_DELAY_MS", (int) DEFAULT_ARXIV_DELAY_MILLIS),
                baseUrl(blankToNull(env.get("PAPERS_BASE_URL"))));
    }

    /**
     * The public address of the site (for absolute links in feeds and emails), without a trailing slash; null when
     * not configured, and then feeds use the address each request came to.
     */
    private static String baseUrl(String raw) {
        if (raw == null) {
            return null;
        }
        String url = raw.strip().replaceAll("/+$", "");
        try {
            java.net.URI uri = new java.net.URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("PAPERS_BASE_URL must be an http(s) address like "
                        + "https://papers.example.org, got '" + raw + "'");
            }
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("PAPERS_BASE_URL is not an address: '" + raw + "'");
        }
        return url;
    }

    public Config withPort(int newPort) {
        return new Config(home, dbUrl, dbUser, dbPassword, newPort, arxivDelayMillis, baseUrl);
    }

    public Config withDb(String url, String user, String password) {
        return new Config(home, url, user, password, port, arxivDelayMillis, baseUrl);
    }

    public boolean isSqlite() {
        return dbUrl.startsWith("jdbc:sqlite:");
    }

    private static int parseInt(Map<String, String> env, String name, int fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
