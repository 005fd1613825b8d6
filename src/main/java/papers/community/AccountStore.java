package papers.community;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import papers.paper.Database;

/**
 * Users, sessions, API tokens and the admin audit log, in the papers database (SQL with bound parameters only).
 * Session ids and API tokens are stored as SHA-256 digests; a banned user's sessions and tokens stop resolving at
 * once because every lookup joins the user and checks {@code banned_at}.
 */
public final class AccountStore {

    /** Letters, digits, dot, dash and underscore: usernames appear in URLs ({@code /users/NAME}). */
    static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{1,31}");
    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 1_000; // Argon2 takes any length, but a megabyte password is an attack
    public static final Duration SESSION_LIFETIME = Duration.ofDays(30);
    public static final Duration SESSION_IDLE = Duration.ofHours(24);
    /** A session's last-seen time is written at most this often: not a write per page view. */
    static final Duration SEEN_GRANULARITY = Duration.ofMinutes(1);

    private static final String USER_COLUMNS =
            "u.id, u.username, u.email, u.is_admin, u.banned_at, u.created_at, u.email_verified_at";

    private final Jdbi jdbi;
    private final Clock clock;
    private final PasswordHasher hasher;
    /** Verified against when the user does not exist, so a login takes as long either way. */
    private volatile String dummyHash;

    private final Duration sessionIdle;
    private final Duration sessionLifetime;

    /**
     * @param sessionIdle     a session ends after this long without a request
     * @param sessionLifetime and this long after it began, however used
     */
    public AccountStore(Database database, Clock clock, PasswordHasher hasher, Duration sessionIdle,
                        Duration sessionLifetime) {
        this.jdbi = database.jdbi();
        this.clock = clock;
        this.hasher = hasher;
        this.sessionIdle = sessionIdle;
        this.sessionLifetime = sessionLifetime;
    }

    public AccountStore(Database database, Clock clock, PasswordHasher hasher) {
        this(database, clock, hasher, SESSION_IDLE, SESSION_LIFETIME);
    }

    /** How long a session lasts at most (the cookie's Max-Age). */
    public Duration sessionLifetime() {
        return sessionLifetime;
    }

    public AccountStore(Database database) {
        this(database, Clock.systemUTC(), PasswordHasher.standard());
    }

    private String dummyHash() {
        if (dummyHash == null) { // made on first use: a hash costs some 50 ms, and most commands never log anyone in
            dummyHash = hasher.hash("not a password of anyone");
        }
        return dummyHash;
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    // ---- users

    public User createUser(String username, String email, String password, boolean admin) {
        String name = username == null ? "" : username.strip();
        if (!USERNAME.matcher(name).matches()) {
            throw new AccountException("A username is 2 to 32 letters, digits, dots, dashes or underscores, "
                    + "starting with a letter or digit.");
        }
        String mail;
        try {
            mail = EmailAddress.canonical(email);
        } catch (IllegalArgumentException e) {
            throw new AccountException("That does not look like an email address.");
        }
        if (emailTaken(mail)) {
            throw new AccountException("An account already uses this email address: log in, or use another.");
        }
        checkPassword(password);
        String hash = hasher.hash(password);
        String key = usernameKey(name);
        if (findUser(name).isPresent()) {
            throw new AccountException("The username " + name + " is taken.");
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO users (username, username_key, email, email_key, "
                            + "password_hash, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .bind(0, name).bind(1, key).bind(2, mail).bind(3, EmailAddress.key(mail)).bind(4, hash)
                    .bind(5, admin ? 1 : 0).bind(6, now())
                    .execute());
            return findUser(name).orElseThrow();
        } catch (RuntimeException e) {
            if (findUser(name).isPresent()) { // lost a race for the same name: the unique index refused it
                throw new AccountException("The username " + name + " is taken.");
            }
            if (emailTaken(mail)) { // or for the same address
                throw new AccountException("An account already uses this email address: log in, or use another.");
            }
            throw e;
        }
    }

    private boolean emailTaken(String canonical) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users WHERE email_key = ?")
                .bind(0, EmailAddress.key(canonical)).mapTo(Integer.class).one()) > 0;
    }

    /** The owner opened the link mailed to the account's address; false when there is no such user. */
    public boolean markEmailVerified(long userId) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?) "
                + "WHERE id = ?").bind(0, now()).bind(1, userId).execute()) == 1;
    }

    static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new AccountException("A password needs at least " + MIN_PASSWORD + " characters.");
        }
        if (password.length() > MAX_PASSWORD) {
            throw new AccountException("A password may have at most " + MAX_PASSWORD + " characters.");
        }
    }

    /**
     * The canonical form of a username, as lookups and uniqueness see it (stripped, lower-cased): every limit on an
     * account is keyed on it, so "Bob " and "bob" are one account.
     */
    public static String usernameKey(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    /** Finds a user by name, ignoring case. */
    public Optional<User> findUser(String username) {
        if (username == null) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users u WHERE u.username_key = ?")
                .bind(0, usernameKey(username)).map(AccountStore::user).findOne());
    }

    public Optional<User> findById(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users u WHERE u.id = ?")
                .bind(0, id).map(AccountStore::user).findOne());
    }

    /** The newest {@code limit} users, newest first (for the admin page). */
    public List<User> users(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM users u ORDER BY u.id DESC LIMIT ?")
                .bind(0, limit).map(AccountStore::user).list());
    }

    public long userCount() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM users").mapTo(Long.class).one());
    }

    /** The user whose name and password these are, unless banned; always spends one password hash. */
    public Optional<User> authenticate(String username, String password) {
        if (password == null || password.length() > MAX_PASSWORD) {
            return Optional.empty();
        }
        Optional<String> hash = username == null ? Optional.empty()
                : jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM users WHERE username_key = ?")
                        .bind(0, usernameKey(username)).mapTo(String.class).findOne());
        boolean ok = hasher.verify(password, hash.orElseGet(this::dummyHash)) && hash.isPresent();
        return ok ? findUser(username).filter(u -> !u.banned()) : Optional.empty();
    }

    /** Changes a password after checking the current one; ends every other session of the user. */
    public void changePassword(long userId, String current, String replacement, String keepSessionToken) {
        User user = findById(userId).orElseThrow(() -> new AccountException("No such user."));
        if (authenticate(user.username(), current).isEmpty()) {
            throw new AccountException("The current password is not right.");
        }
        checkPassword(replacement);
        String hash = hasher.hash(replacement);
        String keep = keepSessionToken == null ? "" : Secrets.digest(keepSessionToken);
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE users SET password_hash = ? WHERE id = ?").bind(0, hash).bind(1, userId).execute();
            h.createUpdate("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?")
                    .bind(0, userId).bind(1, keep).execute();
        });
    }

    /**
     * Changes the account's address after checking the password (re-authentication); the new address is unverified
     * until its link is opened. Returns the user as changed.
     */
    public User changeEmail(long userId, String password, String email) {
        User user = findById(userId).orElseThrow(() -> new AccountException("No such user."));
        if (authenticate(user.username(), password).isEmpty()) {
            throw new AccountException("Your password is not right: it is asked again to change the address.");
        }
        String mail;
        try {
            mail = EmailAddress.canonical(email);
        } catch (IllegalArgumentException e) {
            throw new AccountException("That does not look like an email address.");
        }
        if (EmailAddress.key(mail).equals(EmailAddress.key(user.email()))) {
            return user;
        }
        if (emailTaken(mail)) {
            throw new AccountException("An account already uses this email address: log in, or use another.");
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("UPDATE users SET email = ?, email_key = ?, email_verified_at = NULL "
                    + "WHERE id = ?").bind(0, mail).bind(1, EmailAddress.key(mail)).bind(2, userId).execute());
        } catch (RuntimeException e) {
            if (emailTaken(mail)) { // lost a race for the address: the unique index refused it
                throw new AccountException("An account already uses this email address: log in, or use another.");
            }
            throw e;
        }
        return findById(userId).orElseThrow();
    }

    /** Bans a user: their sessions are deleted and their tokens stop working; logged as {@code actor}'s action. */
    public void ban(long userId, Long actorId) {
        String now = now();
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE users SET banned_at = ? WHERE id = ? AND banned_at IS NULL")
                    .bind(0, now).bind(1, userId).execute();
            h.createUpdate("DELETE FROM sessions WHERE user_id = ?").bind(0, userId).execute();
            audit(h, actorId, "ban", "user:" + userId, null, now);
        });
    }

    public void unban(long userId, Long actorId) {
        String now = now();
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE users SET banned_at = NULL WHERE id = ?").bind(0, userId).execute();
            audit(h, actorId, "unban", "user:" + userId, null, now);
        });
    }

    // ---- sessions

    /** Starts a session for a user; the caller puts {@link NewSession#token()} in a cookie. */
    public NewSession createSession(long userId) {
        String token = Secrets.newToken();
        String csrf = Secrets.newToken();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(sessionLifetime);
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                        + "expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(0, Secrets.digest(token)).bind(1, userId).bind(2, csrf).bind(3, now.toString())
                .bind(4, expires.toString()).bind(5, now.toString()).execute());
        return new NewSession(token, csrf, expires);
    }

    /**
     * The live session with this id: neither past its lifetime nor idle too long, its user not banned. Renews the
     * session's last-seen time (at most once a minute).
     */
    public Optional<SignedIn> session(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String digest = Secrets.digest(token);
        record Row(SignedIn viewer, Instant seen) { }
        Optional<Row> row = jdbi.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + ", s.csrf_token, "
                        + "COALESCE(s.last_seen_at, s.created_at) AS seen FROM sessions s "
                        + "JOIN users u ON u.id = s.user_id "
                        + "WHERE s.token_hash = ? AND s.expires_at > ? AND COALESCE(s.last_seen_at, s.created_at) > ? "
                        + "AND u.banned_at IS NULL")
                .bind(0, digest).bind(1, now.toString()).bind(2, now.minus(sessionIdle).toString())
                .map((rs, ctx) -> new Row(new SignedIn(user(rs, ctx), rs.getString("csrf_token")),
                        Instant.parse(rs.getString("seen"))))
                .findOne());
        if (row.isPresent() && row.get().seen().plus(SEEN_GRANULARITY).isBefore(now)) {
            jdbi.useHandle(h -> h.createUpdate("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")
                    .bind(0, now.toString()).bind(1, digest).execute());
        }
        return row.map(Row::viewer);
    }

    public void deleteSession(String token) {
        if (token == null) {
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM sessions WHERE token_hash = ?")
                .bind(0, Secrets.digest(token)).execute());
    }

    /** Removes sessions past their lifetime or idle time; returns how many. */
    public int deleteExpiredSessions() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE expires_at <= ? "
                        + "OR COALESCE(last_seen_at, created_at) <= ?")
                .bind(0, now.toString()).bind(1, now.minus(sessionIdle).toString()).execute());
    }

    public long sessionCount(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM sessions WHERE user_id = ?")
                .bind(0, userId).mapTo(Long.class).one());
    }

    // ---- API tokens

    /** Creates a personal API token that does not expire; see {@link #createToken(long, String, Duration)}. */
    public String createToken(long userId, String name) {
        return createToken(userId, name, null);
    }

    /**
     * Creates a personal API token; returns the secret, which is not stored and cannot be shown again.
     *
     * @param validFor how long it works, or null for until revoked
     */
    public String createToken(long userId, String name, Duration validFor) {
        String label = name == null || name.isBlank() ? "token" : name.strip();
        if (label.length() > 100) {
            throw new AccountException("A token name may have at most 100 characters.");
        }
        String token = "dp_" + Secrets.newToken();
        String expires = validFor == null ? null
                : clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(validFor).toString();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO api_tokens (user_id, token_hash, name, created_at, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?)")
                .bind(0, userId).bind(1, Secrets.digest(token)).bind(2, label).bind(3, now()).bind(4, expires)
                .execute());
        return token;
    }

    /** The user a bearer token belongs to, unless it is revoked or the user banned; records its use. */
    public Optional<User> userForToken(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String digest = Secrets.digest(token);
        Optional<User> user = jdbi.withHandle(h -> h.createQuery("SELECT " + USER_COLUMNS + " FROM api_tokens t "
                        + "JOIN users u ON u.id = t.user_id "
                        + "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.banned_at IS NULL "
                        + "AND (t.expires_at IS NULL OR t.expires_at > ?)")
                .bind(0, digest).bind(1, now()).map(AccountStore::user).findOne());
        if (user.isPresent()) {
            jdbi.useHandle(h -> h.createUpdate("UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?")
                    .bind(0, now()).bind(1, digest).execute());
        }
        return user;
    }

    public List<ApiToken> tokens(long userId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, name, created_at, last_used_at, revoked_at, expires_at "
                        + "FROM api_tokens WHERE user_id = ? ORDER BY id")
                .bind(0, userId)
                .map((rs, ctx) -> new ApiToken(rs.getLong(1), rs.getString(2), instant(rs.getString(3)),
                        instant(rs.getString(4)), instant(rs.getString(5)), instant(rs.getString(6))))
                .list());
    }

    /** Revokes one of the user's own tokens; false when they have no such live token. */
    public boolean revokeToken(long userId, long tokenId) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE api_tokens SET revoked_at = ? "
                        + "WHERE id = ? AND user_id = ? AND revoked_at IS NULL")
                .bind(0, now()).bind(1, tokenId).bind(2, userId).execute()) == 1;
    }

    // ---- audit log

    /** Logs an admin action; {@code actorId} null for the command line. */
    public void audit(Long actorId, String action, String target, String detail) {
        String now = now();
        jdbi.useHandle(h -> audit(h, actorId, action, target, detail, now));
    }

    /** Logs an admin action inside the caller's transaction (for stores whose admin actions write other tables). */
    static void audit(org.jdbi.v3.core.Handle h, Long actorId, String action, String target, String detail,
                              String now) {
        h.createUpdate("INSERT INTO audit_log (actor_id, action, target, detail, created_at) VALUES (?, ?, ?, ?, ?)")
                .bind(0, actorId).bind(1, action).bind(2, target).bind(3, detail).bind(4, now).execute();
    }

    /** The newest {@code limit} audit entries, newest first. */
    public List<AuditEntry> auditLog(int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT a.id, u.username, a.action, a.target, a.detail, "
                        + "a.created_at FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id "
                        + "ORDER BY a.id DESC LIMIT ?")
                .bind(0, limit)
                .map((rs, ctx) -> new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), instant(rs.getString(6))))
                .list());
    }

    // ---- mapping

    private static User user(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), rs.getString("email"),
                rs.getInt("is_admin") != 0, instant(rs.getString("banned_at")), instant(rs.getString("created_at")),
                instant(rs.getString("email_verified_at")));
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
