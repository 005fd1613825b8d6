package papers.recommend;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import papers.Config;
import papers.support.TestStores;

class PostgresReaderStoreTest extends ReaderStoreContract {

    @TempDir
    Path home;

    @RegisterExtension
    final TestStores.PostgresPerTest postgres = new TestStores.PostgresPerTest();

    @Override
    protected Config config() {
        return postgres.config(home);
    }
}
