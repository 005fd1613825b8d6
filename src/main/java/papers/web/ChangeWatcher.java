package papers.web;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papers.paper.PaperStore;

/**
 * Follows the store's change log so derived state (the response cache) knows when data changed: at once after a
 * write in this process, and within {@link #POLL_MILLIS} after a write by another process (a CLI import, another
 * server node).
 */
public final class ChangeWatcher implements LongSupplier, AutoCloseable {

    public static final long POLL_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(ChangeWatcher.class);

    private final PaperStore store;
    private final AtomicLong version = new AtomicLong();
    private final ScheduledExecutorService poller;

    public ChangeWatcher(PaperStore store) {
        this.store = store;
        this.version.set(store.lastChange());
        store.onChange(this::refresh);
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "change-watcher");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::pollQuietly, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The newest change sequence seen. */
    @Override
    public long getAsLong() {
        return version.get();
    }

    public void refresh() {
        version.accumulateAndGet(store.lastChange(), Math::max);
    }

    private void pollQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the change log: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
