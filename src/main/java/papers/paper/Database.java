package papers.paper;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import papers.Config;

/** A connection pool to SQLite or PostgreSQL with the schema migrated to the newest version. */
public final class Database implements AutoCloseable {

    public enum Kind { SQLITE, POSTGRESQL }

    /** How long a request waits for a connection when the database does not answer. */
    public static final long CONNECTION_TIMEOUT_MILLIS = 2_000;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Kind kind;

    private Database(HikariDataSource dataSource, Kind kind) {
        this.dataSource = dataSource;
        this.kind = kind;
        this.jdbi = Jdbi.create(() -> connection(dataSource));
        // An error's message names the statement but never its bound values: they can hold password hashes,
        // addresses and tokens, and the message reaches the log.
        jdbi.getConfig(org.jdbi.v3.core.statement.StatementExceptions.class)
                .setMessageRendering(org.jdbi.v3.core.statement.StatementExceptions.MessageRendering.NONE);
    }

    /** How long a request waits for a connection while the pool is busy (not while the database is away). */
    static final long BUSY_POOL_WAIT_MILLIS = 60_000;

    /**
     * A connection from the pool. Hikari waits {@link #CONNECTION_TIMEOUT_MILLIS} either way; its timeout names the
     * reason: a failed connection attempt as cause when the database does not answer (then we give up at once: a
     * 503), none when every connection is merely in use by other requests (a burst of votes: then we keep
     * waiting, up to a minute: a loaded machine must not turn a burst into errors).
     */
    private static java.sql.Connection connection(HikariDataSource pool) throws java.sql.SQLException {
        long deadline = System.nanoTime() + BUSY_POOL_WAIT_MILLIS * 1_000_000;
        while (true) {
            try {
                return pool.getConnection();
            } catch (java.sql.SQLTransientConnectionException e) {
                if (e.getCause() != null || System.nanoTime() > deadline || pool.isClosed()) {
                    throw e;
                }
            }
        }
    }

    /** Opens the database the configuration names and applies pending migrations. */
    public static Database open(Config config) {
        String url = config.dbUrl();
        Kind kind;
        if (url.startsWith("jdbc:sqlite:")) {
            kind = Kind.SQLITE;
        } else if (url.startsWith("jdbc:postgresql:")) {
            kind = Kind.POSTGRESQL;
        } else {
            throw new IllegalArgumentException(
                    "PAPERS_DB must start with jdbc:sqlite: or jdbc:postgresql:, got '" + url + "'");
        }
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setPoolName("papers");
        hikari.setInitializationFailTimeout(1); // an unreachable database is an error at once, not after 30 s
        // During an outage a request waits this long for a connection, then answers 503 (Hikari's default is 30 s,
        // and readers gave up long before). Validation is quick so broken connections are replaced at once.
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        hikari.setValidationTimeout(1_000);
        if (config.dbUser() != null) {
            hikari.setUsername(config.dbUser());
        }
        if (config.dbPassword() != null) {
            hikari.setPassword(config.dbPassword());
        }
        if (kind == Kind.SQLITE) {
            createParentFolder(url.substring("jdbc:sqlite:".length()));
            // WAL lets readers run beside the one writer; IMMEDIATE transactions take the write lock up front,
            // so two writers queue on busy_timeout instead of deadlocking on a lock upgrade.
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("foreign_keys", "true");
            hikari.addDataSourceProperty("busy_timeout", "30000");
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            // 64 MB page cache per connection (default 2 MB): imports insert into B-trees in random key order.
            hikari.addDataSourceProperty("cache_size", "-65536");
            // Checkpoint the WAL every 64 MB instead of every 4 MB: each checkpoint syncs the database file, and an
            // import of the Hugging Face file otherwise paid for a dozen of them.
            hikari.setConnectionInitSql("PRAGMA wal_autocheckpoint = 16384");
            hikari.setMaximumPoolSize(4);
        } else {
            // Sends a JDBC batch of inserts as multi-row statements: several times faster imports.
            hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
            // PostgreSQL's error detail quotes the row's values (a unique violation's key): keep them out of logs.
            hikari.addDataSourceProperty("logServerErrorDetail", "false");
            hikari.setMaximumPoolSize(10);
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (RuntimeException e) { // Hikari wraps the driver's reason; say which database could not be opened
            Throwable reason = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot open the database " + url + ": " + reason.getMessage(), e);
        }
        try {
            migrate(dataSource, kind);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource, kind);
    }

    private static void migrate(DataSource dataSource, Kind kind) {
        Map<String, String> types = kind == Kind.SQLITE
                ? Map.of("id_pk", "INTEGER PRIMARY KEY AUTOINCREMENT", "blob", "BLOB", "without_rowid", "WITHOUT ROWID")
                : Map.of("id_pk", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "blob", "BYTEA",
                        "without_rowid", "");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(types)
                // V4 (submissions) was written beside V5; a store already at V5 applies it late instead of failing.
                .outOfOrder(true)
                .load()
                .migrate();
    }

    private static void createParentFolder(String sqlitePath) {
        String path = sqlitePath.contains("?") ? sqlitePath.substring(0, sqlitePath.indexOf('?')) : sqlitePath;
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder for the database: " + parent, e);
        }
        PrivateFiles.file(Path.of(path).toAbsolutePath()); // before SQLite makes it (and its -wal, -shm) 0644
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Kind kind() {
        return kind;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
