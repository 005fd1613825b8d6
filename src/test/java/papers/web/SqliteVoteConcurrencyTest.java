package papers.web;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;
import papers.support.TestServer;

class SqliteVoteConcurrencyTest extends VoteConcurrencyContract {

    @TempDir
    Path home;

    @Override
    protected TestServer start() {
        return TestServer.sqlite(home, Clock.systemUTC());
    }
}
