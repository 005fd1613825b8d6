package papers.paper;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one follower of the change log in a process: a thread that reads it (gap-safe, see {@link ChangeLogReader})
 * and hands each batch of changes to its subscribers: the page cache, the search index, background work. It polls
 * a few times a second, so another process's writes (a CLI import, another node) reach this one within a second,
 * and this process's own writes wake it at once ({@link PaperStore#onChange}).
 */
public final class ChangeFollower implements AutoCloseable {

    /**
     * Told every batch of changes (empty ones too, each poll), on the follower's thread; should be quick or hand the
     * work on.
     */
    public interface Subscriber {
        void changed(ChangeLogReader.Batch batch);
    }

    public static final long POLL_MILLIS = 250;
    private static final int CHANGES_PER_READ = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFollower.class);

    private final ChangeLogReader reader;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong version = new AtomicLong();
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean closed;
    private Thread thread;

    /** Follows the changes after {@code from}. */
    public ChangeFollower(PaperStore papers, long from, Clock clock) {
        this.reader = papers.changeReader(from, clock);
        papers.onChange(() -> {
            // This process's own write: cached pages are stale at once (a reader sees their own change on the
            // next page), before the thread has read the change itself.
            version.incrementAndGet();
            wake();
        });
    }

    public void subscribe(Subscriber s) {
        subscribers.add(s);
    }

    /**
     * Counts the batches delivered: it grows whenever data changed, late changes that filled a gap included (the
     * highest sequence number would not move for those), so caches keyed by it never serve a page from before.
     */
    public long version() {
        return version.get();
    }

    public long safeSeq() {
        return reader.safeSeq();
    }

    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Reads and delivers until nothing is new; returns the number of changes delivered. Also run by tests. */
    public synchronized int poll() {
        int delivered = 0;
        while (true) {
            ChangeLogReader.Batch batch = reader.read(CHANGES_PER_READ);
            if (!batch.isEmpty()) {
                version.incrementAndGet();
            }
            delivered += batch.changes().size();
            for (Subscriber s : subscribers) {
                try {
                    s.changed(batch);
                } catch (RuntimeException e) { // one subscriber's failure must not starve the others
                    LOG.warn("a change-log subscriber failed: {}", e.toString());
                }
            }
            // Empty batches are delivered too: subscribers do work reported outside the log on them (vectors).
            if (batch.changes().size() < CHANGES_PER_READ) {
                return delivered;
            }
        }
    }

    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().name("change-follower").daemon().start(this::loop);
        }
    }

    private void loop() {
        while (!closed) {
            try {
                poll();
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("cannot read the change log, retrying: {}", e.toString());
            }
            synchronized (signal) {
                try {
                    if (!woken) {
                        signal.wait(POLL_MILLIS);
                    }
                    woken = false;
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
