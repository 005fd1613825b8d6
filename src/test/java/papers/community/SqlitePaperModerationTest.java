package papers.community;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import papers.Config;
import papers.support.TestStores;

class SqlitePaperModerationTest extends PaperModerationContract {

    @TempDir
    Path home;

    @Override
    protected Config config() {
        return TestStores.sqliteConfig(home);
    }
}
