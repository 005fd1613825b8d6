package papers.web;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import papers.support.TestServer;
import papers.support.TestStores;

class PostgresVoteConcurrencyTest extends VoteConcurrencyContract {

    @TempDir
    Path home;

    private TestStores.Postgres postgres;

    @Override
    protected TestServer start() {
        postgres = TestStores.postgres(home);
        return new TestServer(postgres.config(), Clock.systemUTC());
    }

    @AfterEach
    void drop() throws Exception {
        stop();
        server = null;
        if (postgres != null) {
            postgres.close();
        }
    }
}
