package papers.web;

import org.junit.jupiter.api.extension.RegisterExtension;
import papers.Config;
import papers.support.TestStores;

/** {@link ForYouRoutesTest} on PostgreSQL (skipped with the reason without one, a failure under CI=true). */
class PostgresForYouRoutesTest extends ForYouRoutesTest {

    @RegisterExtension
    final TestStores.PostgresPerTest postgres = new TestStores.PostgresPerTest();

    @Override
    protected Config config() {
        return postgres.config(home);
    }
}
