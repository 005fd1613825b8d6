package papers.paper;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Background work yields to readers. The web layer tells the gate each time a reader's request arrives
 * ({@link #requestArrived}); background work (the embedding worker, thumbnail rendering) rests after each small
 * step as it says ({@link #restAfterStep}). While requests keep arriving the work runs at most {@link #BUSY_DUTY} of
 * the time; when no request came for {@link #QUIET_NANOS} it runs flat out. Thread priorities did not do this: Linux ignores Java's
 * (the default ThreadPriorityPolicy), and one "low-priority" embedding thread still took a core of two
 * ({@code bench/load}: {@code /api/daily_papers} at 0.20x of its at-rest rate while embeddings ran).
 */
public final class ReaderGate {

    /** The share of time background work may take while readers are served. */
    static final double BUSY_DUTY = 0.10;
    /** No request for this long and the readers are gone: work runs without rests. */
    static final long QUIET_NANOS = 200_000_000L;
    /** The longest single rest, so work notices quiet soon after readers leave. */
    static final long MAX_REST_NANOS = 2_000_000_000L;
    /** Arrivals closer together than this are not written down again (one shared write per millisecond at most). */
    private static final long RESOLUTION_NANOS = 1_000_000L;

    /** How the gate sleeps (tests record instead). */
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final AtomicLong lastArrival = new AtomicLong();
    private volatile boolean anyArrival;

    public ReaderGate(LongSupplier nanoTime, Sleeper sleeper) {
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** On the real clock, sleeping for real. */
    public static ReaderGate standard() {
        return new ReaderGate(System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /** A reader's request arrived (called on every request: cheap, mostly one read). */
    public void requestArrived() {
        long now = nanoTime.getAsLong();
        if (!anyArrival || now - lastArrival.getOpaque() >= RESOLUTION_NANOS) {
            lastArrival.setOpaque(now);
            anyArrival = true;
        }
    }

    /** True while requests keep arriving (one within the last {@link #QUIET_NANOS}). */
    public boolean readersActive() {
        return anyArrival && nanoTime.getAsLong() - lastArrival.getOpaque() < QUIET_NANOS;
    }

    /**
     * How long background work should rest after a step that took {@code workNanos}: none when readers are away,
     * else enough to keep the work to {@link #BUSY_DUTY} of the time (at most {@link #MAX_REST_NANOS}).
     */
    public long restAfter(long workNanos) {
        if (!readersActive() || workNanos <= 0) {
            return 0;
        }
        double rest = workNanos * (1 - BUSY_DUTY) / BUSY_DUTY;
        return (long) Math.min(MAX_REST_NANOS, rest);
    }

    /**
     * Rests after a step that took {@code workNanos}, for work whose loop watches its thread's interrupt flag: an
     * interrupt ends the rest and is kept on the thread.
     */
    public void restAfterStep(long workNanos) {
        try {
            rest(workNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Rests as {@link #restAfter} says; returns the nanoseconds rested. */
    public long rest(long workNanos) throws InterruptedException {
        long nanos = restAfter(workNanos);
        if (nanos > 0) {
            sleeper.sleep(nanos);
        }
        return nanos;
    }
}
