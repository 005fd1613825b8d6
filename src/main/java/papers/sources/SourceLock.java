package papers.sources;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Lets one process at a time run a source: on PostgreSQL a session advisory lock per source name (as digests do),
 * held on its own connection for the run; on SQLite (one machine) nothing to coordinate.
 */
public interface SourceLock {

    /** Runs {@code run} unless another process holds the source's lock; empty then. */
    <T> Optional<T> runAlone(String source, Callable<T> run) throws Exception;

    static SourceLock none() {
        return new SourceLock() {
            @Override
            public <T> Optional<T> runAlone(String source, Callable<T> run) throws Exception {
                return Optional.ofNullable(run.call());
            }
        };
    }

    static SourceLock postgres(Supplier<Jdbi> jdbi) {
        return new SourceLock() {
            @Override
            public <T> Optional<T> runAlone(String source, Callable<T> run) throws Exception {
                long key = 0x534F5552L << 32 | (source.hashCode() & 0xffffffffL); // "SOUR" + the name's hash
                try (var h = jdbi.get().open()) {
                    if (!h.createQuery("SELECT pg_try_advisory_lock(?)").bind(0, key).mapTo(Boolean.class).one()) {
                        return Optional.empty();
                    }
                    try {
                        return Optional.ofNullable(run.call());
                    } finally {
                        h.createQuery("SELECT pg_advisory_unlock(?)").bind(0, key).mapTo(Boolean.class).one();
                    }
                }
            }
        };
    }
}
