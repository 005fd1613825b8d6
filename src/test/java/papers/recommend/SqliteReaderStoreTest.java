package papers.recommend;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import papers.Config;
import papers.support.TestStores;

class SqliteReaderStoreTest extends ReaderStoreContract {

    @TempDir
    Path home;


    @Override
    protected Config config() {
        return TestStores.sqliteConfig(home);
    }
}
