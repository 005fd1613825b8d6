package papers;

import java.nio.file.Path;
import java.util.Map;

/**
 * Every setting of Daily Papers, read from {@code PAPERS_*} environment variables in this one place
 * and passed down; nothing else reads the environment.
 */
public record Config(Path home, String dbUrl, String dbUser, String dbPassword, int port, long arxivDelayMillis,
                     String baseUrl, Submissions submissions, Mail mail, String githubToken,
                     Sessions sessions, String securityContact) {

    /**
     * How long a login lasts: it ends after {@code idle} without a request, and at {@code lifetime} after it began
     * whatever the use (PAPERS_SESSION_IDLE_HOURS, default 24; PAPERS_SESSION_DAYS, default 30).
     */
    public record Sessions(java.time.Duration idle, java.time.Duration lifetime) {
        public static final Sessions DEFAULTS = new Sessions(java.time.Duration.ofHours(24), java.time.Duration.ofDays(30));

        static Sessions from(Map<String, String> env) {
            int idle = parseInt(env, "PAPERS_SESSION_IDLE_HOURS", 24);
            int days = parseInt(env, "PAPERS_SESSION_DAYS", 30);
            if (idle < 1 || days < 1 || idle > days * 24) {
                throw new IllegalArgumentException("PAPERS_SESSION_IDLE_HOURS must be from 1 to PAPERS_SESSION_DAYS "
                        + "times 24, and PAPERS_SESSION_DAYS at least 1");
            }
            return new Sessions(java.time.Duration.ofHours(idle), java.time.Duration.ofDays(days));
        }
    }

    /**
     * Paper submissions: the arXiv API queried for a submitted id, how old a paper may be, and how many papers one
     * user may list per day.
     */
    public record Submissions(String arxivApiUrl, int maxAgeDays, int dailyLimit, String arxivSiteUrl) {
        public static final String DEFAULT_ARXIV_API_URL = "https://export.arxiv.org/api/query";
        /** Where papers' HTML versions (/html/ID) and PDFs (/pdf/ID) are fetched for full text and thumbnails. */
        public static final String DEFAULT_ARXIV_SITE_URL = "https://arxiv.org";
        public static final Submissions DEFAULTS = new Submissions(DEFAULT_ARXIV_API_URL, 14, 5,
                DEFAULT_ARXIV_SITE_URL);

        public Submissions(String arxivApiUrl, int maxAgeDays, int dailyLimit) {
            this(arxivApiUrl, maxAgeDays, dailyLimit, DEFAULT_ARXIV_SITE_URL);
        }

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
            String site = blankToNull(env.get("PAPERS_ARXIV_SITE_URL"));
            if (site != null && !site.strip().matches("(?i)https?://[^/?#\\s]+.*")) {
                throw new IllegalArgumentException(
                        "PAPERS_ARXIV_SITE_URL must be an http(s) address, got '" + site + "'");
            }
            return new Submissions(url == null ? DEFAULT_ARXIV_API_URL : url.strip(), maxAge, limit,
                    site == null ? DEFAULT_ARXIV_SITE_URL : site.strip().replaceAll("/+$", ""));
        }
    }

    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_ARXIV_DELAY_MILLIS = 3_000;

    /** PAPERS_LOG_FORMAT: "plain" (default) or "json", one line an event either way. */
    public static String logFormat(Map<String, String> env) {
        String format = blankToNull(env.get("PAPERS_LOG_FORMAT"));
        if (format == null) {
            return "plain";
        }
        if (!format.equals("plain") && !format.equals("json")) {
            throw new IllegalArgumentException("PAPERS_LOG_FORMAT must be plain or json, got '" + format + "'");
        }
        return format;
    }

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
                arxivDelay(env),
                baseUrl(blankToNull(env.get("PAPERS_BASE_URL"))),
                Submissions.from(env),
                Mail.from(env),
                blankToNull(env.get("PAPERS_GITHUB_TOKEN")),
                Sessions.from(env),
                securityContact(blankToNull(env.get("PAPERS_SECURITY_CONTACT"))));
    }

    /** How connections to the SMTP server are secured. */
    public enum SmtpSecurity { NONE, STARTTLS, TLS }

    /**
     * Email settings (digests and subscription confirmations). {@code host} null: this server sends no email.
     * Digests go out at {@code digestHour} in {@code digestZone}; daily ones on weekdays only unless
     * {@code digestWeekends}.
     */
    public record Mail(String host, int port, SmtpSecurity security, String user, String password, String from,
                       int digestHour, java.time.ZoneId digestZone, boolean digestWeekends) {

        static Mail from(Map<String, String> env) {
            String host = blankToNull(env.get("PAPERS_SMTP_HOST"));
            SmtpSecurity security;
            String raw = blankToNull(env.get("PAPERS_SMTP_SECURITY"));
            try {
                security = raw == null ? SmtpSecurity.STARTTLS
                        : SmtpSecurity.valueOf(raw.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PAPERS_SMTP_SECURITY must be none, starttls or tls, got '"
                        + raw + "'");
            }
            int defaultPort = switch (security) {
                case NONE -> 25;
                case STARTTLS -> 587;
                case TLS -> 465;
            };
            int port = parseInt(env, "PAPERS_SMTP_PORT", defaultPort);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("PAPERS_SMTP_PORT must be between 1 and 65535, got " + port);
            }
            String from = blankToNull(env.get("PAPERS_MAIL_FROM"));
            if (from == null) {
                from = "Daily Papers <digest@" + (host == null ? "localhost" : host) + ">";
            }
            try {
                new jakarta.mail.internet.InternetAddress(from, true);
            } catch (jakarta.mail.internet.AddressException e) {
                throw new IllegalArgumentException("PAPERS_MAIL_FROM is not an email address: '" + from + "'");
            }
            int hour = parseInt(env, "PAPERS_DIGEST_HOUR", 7);
            if (hour < 0 || hour > 23) {
                throw new IllegalArgumentException("PAPERS_DIGEST_HOUR must be from 0 to 23, got " + hour);
            }
            java.time.ZoneId zone;
            String zoneName = blankToNull(env.get("PAPERS_DIGEST_TIMEZONE"));
            try {
                zone = zoneName == null ? java.time.ZoneOffset.UTC : java.time.ZoneId.of(zoneName.strip());
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("PAPERS_DIGEST_TIMEZONE must be a time zone like "
                        + "Europe/Berlin or UTC, got '" + zoneName + "'");
            }
            String weekends = blankToNull(env.get("PAPERS_DIGEST_WEEKENDS"));
            if (weekends != null && !weekends.strip().matches("(?i)true|false")) {
                throw new IllegalArgumentException("PAPERS_DIGEST_WEEKENDS must be true or false, got '"
                        + weekends + "'");
            }
            return new Mail(host, port, security, blankToNull(env.get("PAPERS_SMTP_USER")),
                    blankToNull(env.get("PAPERS_SMTP_PASSWORD")), from, hour, zone,
                    weekends != null && Boolean.parseBoolean(weekends.strip()));
        }

        /** Whether an SMTP server is configured. */
        public boolean enabled() {
            return host != null;
        }

        @Override
        public String toString() { // never print the password
            return "Mail[" + host + ":" + port + " " + security + ", from " + from + "]";
        }
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

    /**
     * PAPERS_SECURITY_CONTACT: where this deployment takes vulnerability reports, published in
     * {@code /.well-known/security.txt} (RFC 9116); an email address (made a {@code mailto:}) or an https address.
     */
    static String securityContact(String raw) {
        if (raw == null) {
            return null;
        }
        String contact = raw.strip();
        if (contact.matches("[^@\\s:/]+@[^@\\s/]+\\.[^@\\s/]+")) {
            contact = "mailto:" + contact;
        }
        if (!contact.matches("(mailto:[^@\\s]+@[^@\\s]+|https://[^\\s/]+(/\\S*)?)")) {
            throw new IllegalArgumentException("PAPERS_SECURITY_CONTACT must be an email address or an https:// "
                    + "address, got '" + raw + "'");
        }
        return contact;
    }

    public Config withPort(int newPort) {
        return new Config(home, dbUrl, dbUser, dbPassword, newPort, arxivDelayMillis, baseUrl, submissions, mail,
                githubToken, sessions, securityContact);
    }

    public Config withDb(String url, String user, String password) {
        return new Config(home, url, user, password, port, arxivDelayMillis, baseUrl, submissions, mail,
                githubToken, sessions, securityContact);
    }

    public boolean isSqlite() {
        return dbUrl.startsWith("jdbc:sqlite:");
    }

    /** Between two requests to one host; 0 is allowed (tests, and a mirror of one's own). */
    private static int arxivDelay(Map<String, String> env) {
        int ms = parseInt(env, "PAPERS_ARXIV_DELAY_MS", (int) DEFAULT_ARXIV_DELAY_MILLIS);
        if (ms < 0) {
            throw new IllegalArgumentException("PAPERS_ARXIV_DELAY_MS must be 0 or more, got " + ms);
        }
        return ms;
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

    /** Never prints the database password or the GitHub token: a configuration may reach a log line. */
    @Override
    public String toString() {
        return "Config[home=" + home + ", dbUrl=" + dbUrl + ", dbUser=" + dbUser
                + ", dbPassword=" + (dbPassword == null ? "none" : "(set)") + ", port=" + port
                + ", arxivDelayMillis=" + arxivDelayMillis + ", baseUrl=" + baseUrl + ", submissions=" + submissions
                + ", mail=" + mail + ", githubToken=" + (githubToken == null ? "none" : "(set)")
                + ", sessions=" + sessions + ", securityContact=" + securityContact + "]";
    }
}
