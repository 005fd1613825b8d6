package papers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.App;
import papers.support.TestStores;

class AccountCliTest {

    @TempDir
    Path home;

    private Run run(String stdin, String... args) {
        return Run.withInput(TestStores.sqlite(home), stdin, args);
    }

    @Test
    void createsAUserWithThePasswordFromStandardInputThenAToken() {
        Run created = run("correct horse battery\n", "user", "create", "root", "--email", "root@example.org", "--admin");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("created admin root");
        Run token = run("", "token", "create", "ROOT");
        assertThat(token.exit()).as(token.err()).isZero();
        List<String> lines = token.out().strip().lines().toList();
        String secret = lines.getLast();
        assertThat(secret).startsWith("dp_").hasSizeGreaterThan(40);
        try (App app = App.open(TestStores.sqliteConfig(home))) {
            assertThat(app.accounts().authenticate("root", "correct horse battery"))
                    .hasValueSatisfying(u -> assertThat(u.admin()).isTrue());
            assertThat(app.accounts().userForToken(secret)).hasValueSatisfying(
                    u -> assertThat(u.username()).isEqualTo("root"));
            assertThat(app.accounts().auditLog(5)).extracting(e -> e.action()).contains("user-create");
        }
    }

    @Test
    void refusalsAreOneLineWithExitCode1() {
        Run noPassword = run("", "user", "create", "ada", "--email", "ada@example.org");
        assertThat(noPassword.exit()).isEqualTo(1);
        assertThat(noPassword.err().strip()).isEqualTo("papers: no password on standard input");
        Run shortPassword = run("short\n", "user", "create", "ada", "--email", "ada@example.org");
        assertThat(shortPassword.exit()).isEqualTo(1);
        assertThat(shortPassword.err()).contains("at least 10 characters");
        assertThat(run("long enough password\n", "user", "create", "ada", "--email", "ada@example.org").exit()).isZero();
        Run taken = run("long enough password\n", "user", "create", "ADA", "--email", "x@example.org");
        assertThat(taken.exit()).isEqualTo(1);
        assertThat(taken.err()).contains("taken");
        Run noUser = run("", "token", "create", "nobody");
        assertThat(noUser.exit()).isEqualTo(1);
        assertThat(noUser.err().strip()).isEqualTo("papers: no user called 'nobody'");
    }
}
