package papers.digest;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import papers.Config;
import papers.support.TestStores;

class PostgresSubscriberStoreTest extends SubscriberStoreContract {

    @TempDir
    Path home;

    private TestStores.Postgres postgres;

    @Override
    protected Config config() {
        postgres = TestStores.postgres(home);
        return postgres.config();
    }

    @AfterEach
    void drop() throws Exception {
        closeDatabase();
        database = null;
        if (postgres != null) {
            postgres.close();
        }
    }
}
