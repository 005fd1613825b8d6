package papers.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import papers.Config;

/**
 * One {@link TestServer} for a whole test class, over a fresh SQLite store in its own temporary folder. Register it
 * as a static field: {@code @RegisterExtension static final ServerPerClass SERVER = ServerPerClass.sqlite(s ->
 * s.importing(...))}; an instance field {@code TestServer server = SERVER.get()} then reads it in each test.
 *
 * <p>Opening the store, importing the fixtures and starting Jetty is most of what an HTTP test costs, so a class
 * pays it once. Its tests share the store, so none may depend on another having run or not: each signs up its own
 * readers ({@link #name}) and compares counts with what it read first.
 */
public final class ServerPerClass implements BeforeAllCallback, AfterAllCallback {

    /** What the class needs in the store before its tests run (imports, papers). */
    @FunctionalInterface
    public interface SetUp {
        void accept(TestServer server) throws Exception;
    }

    private final Function<Path, Config> config;
    private final Clock clock;
    private final SetUp setUp;
    private final AtomicInteger names = new AtomicInteger();
    private final AtomicInteger taken = new AtomicInteger();
    private Path home;
    private TestServer server;

    private ServerPerClass(Function<Path, Config> config, Clock clock, SetUp setUp) {
        this.config = config;
        this.clock = clock;
        this.setUp = setUp;
    }

    public static ServerPerClass sqlite(SetUp setUp) {
        return sqlite(Clock.systemUTC(), setUp);
    }

    public static ServerPerClass sqlite(Clock clock, SetUp setUp) {
        return new ServerPerClass(TestStores::sqliteConfig, clock, setUp);
    }

    /** With the settings {@code config} makes for the class's home folder (another base URL, say). */
    public static ServerPerClass of(Function<Path, Config> config, Clock clock, SetUp setUp) {
        return new ServerPerClass(config, clock, setUp);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        home = Files.createTempDirectory("papers-" + context.getRequiredTestClass().getSimpleName());
        server = new TestServer(config.apply(home), clock);
        setUp.accept(server);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(home)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The class's home folder (PAPERS_HOME of its server). */
    public Path home() {
        return home;
    }

    public TestServer get() {
        if (server == null) {
            throw new IllegalStateException("register ServerPerClass as a static @RegisterExtension field");
        }
        return server;
    }

    /**
     * A paper listed on {@code day} that no other test of the class took: for tests that count a paper's comments,
     * claims or follows from nothing.
     */
    public String paper(String day) {
        java.time.LocalDate d = java.time.LocalDate.parse(day);
        List<papers.paper.Paper> listed = get().store.listedBetween(d, d, 1000, 0);
        int next = taken.getAndIncrement();
        if (next >= listed.size()) {
            throw new IllegalStateException("the class took all " + listed.size() + " papers of " + day);
        }
        return listed.get(next).id();
    }

    /** A user name no other test of the class uses: {@code base} with a number ("ada7"). */
    public String name(String base) {
        return base + names.incrementAndGet();
    }
}
