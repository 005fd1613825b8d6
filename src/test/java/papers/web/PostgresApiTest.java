package papers.web;

import java.nio.file.Path;
import papers.Config;
import papers.support.TestStores;

class PostgresApiTest extends ApiContract {

    private TestStores.Postgres postgres;

    @Override
    protected Config config(Path home) {
        postgres = TestStores.postgres(home);
        return postgres.config();
    }

    @Override
    protected void dropStore() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
