package papers;

import java.nio.file.Path;
import java.util.Map;

/**
 * Every setting of Daily Papers, read from {@code PAPERS_*} environment variables in this one place
 * and passed down; nothing else reads the environment.
 */
public record Config(Path home, String dbUrl, String dbUser, String dbPassword, int port, long arxivDelayMillis,
                     String baseUrl, Submissions submissions) {

    /**
     * Paper submissions: the arXiv API queried for a submitted id, how old a paper may be, and how many papers one
     * user may list per day.
     */
    public record Submissions(String arxivApiUrl, int maxAgeDays, int dailyLimit) {
        public static final String DEFAULT_ARXIV_API_URL = "https://export.arxiv.org/api/query";
        public static final Submissions DEFAULTS = new Submissions(DEFAULT_ARXIV_API_URL, 14, 5);

        static Submissions from(Map<String, String> env) {
            String url = blankToNull(env.get("PAPERS_ARXIV_API_URL"));
            if (url != null && !url.strip().matches("(?i)https?://[^/?#\\s]+.*")) {
                throw new IllegalArgumentException(
                        "PAPERS_ARXIV_API_URL must be an http(s) address, got '" + url + "'");
            }
            int maxAge = parseInt(env, "PAPERS_SUBMIT_MAX_AGE_DAYS", 14);
            int limit = parseInt(env, "PAPERS_SUBMIT_DAILY_LIMIT", 5);
            if (maxAge < 1 || limit < 1) {
                throw new IllegalArgumentException(
                        "PAPERS_SUBMIT_MAX_AGE_DAYS and PAPERS_SUBMIT_DAILY_LIMIT must be at least 1");
            }
            return new Submissions(url == null ? DEFAULT_ARXIV_API_URL : url.strip(), maxAge, limit);
        }
    }

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
                baseUrl(blankToNull(env.get("PAPERS_BASE_URL"))),
                Submissions.from(env));
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
        return new Config(home, dbUrl, dbUser, dbPassword, newPort, arxivDelayMillis, baseUrl, submissions);
    }

    public Config withDb(String url, String user, String password) {
        return new Config(home, url, user, password, port, arxivDelayMillis, baseUrl, submissions);
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
