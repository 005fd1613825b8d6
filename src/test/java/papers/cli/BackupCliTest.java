package papers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.App;
import papers.Config;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;
import papers.support.Fixtures;
import papers.support.TestStores;

/**
 * {@code papers backup FILE}: a consistent copy of the SQLite store taken while another connection imports, that
 * opens as a store of its own; refused with a message for an existing file and for PostgreSQL.
 */
class BackupCliTest {

    @TempDir
    Path home;

    private static Run run(Map<String, String> env, String... args) {
        return Run.of(env, args);
    }

    @Test
    void aBackupTakenDuringAnImportIsAConsistentStore() throws Exception {
        Map<String, String> env = TestStores.sqlite(home.resolve("live"));
        Path copy = home.resolve("copy.db");
        long before;
        try (App serving = App.open(Config.from(env))) {
            serving.importer().run(ImportFormat.fromName("hf-daily"),
                    Fixtures.path("hf-daily-papers-2024-05-27.json").toString(), 0, ImportProgress.NONE);
            before = serving.papers().count();
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    serving.importer().run(ImportFormat.fromName("hf-daily"),
                            Fixtures.path("hf-daily-papers-2026-08-21.json").toString(), 0, ImportProgress.NONE);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Run backup = run(env, "backup", copy.toString());
            writing.get();
            assertThat(backup.exit()).as(backup.err()).isZero();
            assertThat(backup.out()).startsWith("backed up ").contains(copy.toAbsolutePath().toString());
            assertThat(serving.papers().count()).isGreaterThan(before);
        }
        assertThat(Files.exists(home.resolve("copy.db.partial"))).isFalse();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy);
             ResultSet r = c.createStatement().executeQuery("PRAGMA integrity_check")) {
            r.next();
            assertThat(r.getString(1)).isEqualTo("ok");
        }
        Map<String, String> restored = new HashMap<>(TestStores.sqlite(home.resolve("restored")));
        restored.put("PAPERS_DB", "jdbc:sqlite:" + copy);
        try (App app = App.open(Config.from(restored))) {
            assertThat(app.papers().count()).isGreaterThanOrEqualTo(before);
        }

        Run again = run(env, "backup", copy.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("exists already; choose a new file name");
    }

    @Test
    void postgresStoresAreBackedUpWithPgDump() throws Exception {
        try (var pg = TestStores.postgres(home)) {
            Run r = run(pg.env(), "backup", home.resolve("pg.db").toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("for PostgreSQL use pg_dump");
        }
    }
}
