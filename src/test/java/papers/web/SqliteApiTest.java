package papers.web;

import java.nio.file.Path;
import papers.Config;
import papers.support.TestStores;

class SqliteApiTest extends ApiContract {

    @Override
    protected Config config(Path home) {
        return TestStores.sqliteConfig(home);
    }
}
