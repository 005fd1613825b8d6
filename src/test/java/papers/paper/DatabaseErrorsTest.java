package papers.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.Config;
import papers.support.TestStores;

/** A failed statement's exception, which reaches the log, never carries the values bound to it (finding 5). */
class DatabaseErrorsTest {

    static final String SECRET = "$argon2id$v=19$m=19456,t=2,p=1$secretsalt$secrethash";

    @TempDir
    Path home;

    @Test
    void sqliteErrorsNameNoBoundValue() {
        try (Database db = Database.open(Config.from(TestStores.sqlite(home)))) {
            assertNoSecretIn(db);
        }
    }

    @Test
    void postgresErrorsNameNoBoundValueEvenForANulByteOrADuplicateKey() throws Exception {
        try (TestStores.Postgres pg = TestStores.postgres(home); Database db = Database.open(pg.config())) {
            assertNoSecretIn(db);
            Throwable nul = catchThrowable(() -> db.jdbi().useHandle(h -> h.execute(
                    "INSERT INTO users (username, username_key, email, password_hash, created_at) "
                            + "VALUES (?, ?, ?, ?, ?)", "nul", "nul", "n\u0000@example.org", SECRET, "2026")));
            assertThat(trace(nul)).doesNotContain("secrethash");
            db.jdbi().useHandle(h -> h.execute("INSERT INTO users (username, username_key, email, password_hash, "
                    + "created_at) VALUES (?, ?, ?, ?, ?)", "dup", "dup-secrethash", "d@example.org", SECRET, "2026"));
            Throwable duplicate = catchThrowable(() -> db.jdbi().useHandle(h -> h.execute(
                    "INSERT INTO users (username, username_key, email, password_hash, created_at) "
                            + "VALUES (?, ?, ?, ?, ?)", "dup", "dup-secrethash", "d2@example.org", SECRET, "2026")));
            assertThat(duplicate).isNotNull();
            assertThat(trace(duplicate)).doesNotContain("secrethash");
        }
    }

    private static void assertNoSecretIn(Database db) {
        Throwable error = catchThrowable(() -> db.jdbi().useHandle(h -> h.execute(
                "INSERT INTO no_such_table (password_hash) VALUES (?)", SECRET)));
        assertThat(error).isNotNull();
        assertThat(trace(error)).doesNotContain("secrethash");
    }

    private static String trace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
