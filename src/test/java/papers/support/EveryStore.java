package papers.support;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import papers.Config;
import papers.paper.Database;

/**
 * A test class run once per kind of store (SQLite, then PostgreSQL; PostgreSQL skips with its reason where there is
 * none, and runs for real in CI), with a fresh store per test: extend it and call {@link #openStore()} or
 * {@link #storeConfig()}.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestStores.Kind.class)
public abstract class EveryStore {

    @Parameter
    protected TestStores.Kind kind;

    @TempDir
    protected Path home;

    @RegisterExtension
    protected final TestStores.PerTest stores = new TestStores.PerTest();

    /** A fresh, migrated store of this run's kind, closed after the test. */
    protected Database openStore() {
        return stores.open(kind, home);
    }

    /** The configuration of a fresh store of this run's kind (for an app or server the test starts). */
    protected Config storeConfig() {
        return stores.config(kind, home);
    }
}
