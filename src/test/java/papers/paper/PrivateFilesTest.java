package papers.paper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.support.TestSeams;
import papers.App;
import papers.support.TestStores;

/** Finding 6: $PAPERS_HOME is 0700, the database and its -wal and -shm 0600, on a fresh home and an old one. */
class PrivateFilesTest {

    @TempDir
    Path temp;

    @Test
    void aFreshHomeAndItsDatabaseFilesAreTheOwnersAlone() throws Exception {
        Path home = temp.resolve("home");
        try (App app = App.open(TestStores.sqliteConfig(home), TestSeams.cheap())) {
            app.accounts().createUser("ada", "ada@example.org", "correct horse battery", false); // a write: WAL in use
            assertThat(mode(home)).isEqualTo("rwx------");
            for (String file : new String[] {"papers.db", "papers.db-wal", "papers.db-shm"}) {
                assertThat(home.resolve(file)).exists();
                assertThat(mode(home.resolve(file))).as(file).isEqualTo("rw-------");
            }
        }
    }

    @Test
    void anOldHomeMadeWithLooserModesIsTightened() throws Exception {
        Path home = temp.resolve("old");
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createFile(home.resolve("papers.db"));
        Files.setPosixFilePermissions(home.resolve("papers.db"), PosixFilePermissions.fromString("rw-r--r--"));
        try (App app = App.open(TestStores.sqliteConfig(home), TestSeams.cheap())) {
            assertThat(mode(home)).isEqualTo("rwx------");
            assertThat(mode(home.resolve("papers.db"))).isEqualTo("rw-------");
        }
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aFileWrittenAtomicallyIsOwnerOnlyAndLeavesNoTemporaryFileBehind() throws Exception {
        Path home = Files.createDirectories(temp.resolve("fulltext"));
        Path target = home.resolve("2405.15738.md");
        PrivateFiles.writeAtomically(target, "first".getBytes());
        PrivateFiles.writeAtomically(target, "second".getBytes()); // replaces it whole
        assertThat(Files.readString(target)).isEqualTo("second");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
        try (var files = Files.list(home)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("2405.15738.md");
        }
    }
}
