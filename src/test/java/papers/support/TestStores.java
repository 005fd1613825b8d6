package papers.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import papers.Config;
import papers.paper.Database;

/**
 * Stores for tests: a fresh SQLite file, or a fresh PostgreSQL database that is dropped afterwards.
 * PostgreSQL comes from PAPERS_TEST_PG (default jdbc:postgresql://127.0.0.1:5432/postgres, user postgres). When it
 * is unreachable the test is skipped with the reason, except under CI=true, where it fails.
 */
public final class TestStores {

    private static final String PG_ADMIN_URL =
            System.getenv().getOrDefault("PAPERS_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String PG_USER = System.getenv().getOrDefault("PAPERS_TEST_PG_USER", "postgres");
    private static final String PG_PASSWORD = System.getenv().getOrDefault("PAPERS_TEST_PG_PASSWORD", "");

    private TestStores() {
    }

    /** Settings for a fresh SQLite store under {@code home}. */
    public static Map<String, String> sqlite(Path home) {
        Map<String, String> env = new HashMap<>();
        env.put("PAPERS_HOME", home.toString());
        return env;
    }

    public static Config sqliteConfig(Path home) {
        return Config.from(sqlite(home));
    }

    /** A PostgreSQL database made for one test class; close() drops it. */
    public static final class Postgres implements AutoCloseable {
        private final String name;
        private final Map<String, String> env;

        private Postgres(String name, Path home) {
            this.name = name;
            this.env = new HashMap<>();
            env.put("PAPERS_HOME", home.toString());
            env.put("PAPERS_DB", PG_ADMIN_URL.substring(0, PG_ADMIN_URL.lastIndexOf('/') + 1) + name);
            env.put("PAPERS_DB_USER", PG_USER);
            env.put("PAPERS_DB_PASSWORD", PG_PASSWORD);
        }

        public Map<String, String> env() {
            return env;
        }

        public Config config() {
            return Config.from(env);
        }

        @Override
        public void close() throws SQLException {
            try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, PG_PASSWORD);
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    /** The two databases every store contract runs on: a class takes it as its {@code @ParameterizedClass} argument. */
    public enum Kind { SQLITE, POSTGRESQL }

    /**
     * A fresh store of either kind for each test of a contract: register it with {@code @RegisterExtension} and call
     * {@link #open} (or {@link #config}) in the test's {@code @BeforeEach}. After the test's own {@code @AfterEach}
     * methods, the store it opened is closed and a PostgreSQL database dropped; without PostgreSQL the test is skipped
     * with the reason, and under CI=true it fails.
     */
    public static final class PerTest implements org.junit.jupiter.api.extension.AfterEachCallback {
        private Postgres current;
        private Database opened;

        public Config config(Kind kind, Path home) {
            if (kind == Kind.SQLITE) {
                return sqliteConfig(home);
            }
            current = postgres(home);
            return current.config();
        }

        /** Opens a fresh store of {@code kind} (migrated), closed after the test. */
        public Database open(Kind kind, Path home) {
            opened = Database.open(config(kind, home));
            return opened;
        }

        @Override
        public void afterEach(org.junit.jupiter.api.extension.ExtensionContext context) throws Exception {
            if (opened != null) {
                opened.close();
                opened = null;
            }
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }

    /** Creates a fresh PostgreSQL database, or skips the test (fails under CI=true) when PostgreSQL is unreachable. */
    public static Postgres postgres(Path home) {
        String name = "papers_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, PG_PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            String reason = "PostgreSQL is not reachable at " + PG_ADMIN_URL + " as " + PG_USER + ": "
                    + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(reason + " (CI=true: PostgreSQL tests are mandatory)", e);
            }
            Assumptions.abort(reason + " (skipped; set CI=true to make this a failure)");
        }
        return new Postgres(name, home);
    }
}
