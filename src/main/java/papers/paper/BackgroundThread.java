package papers.paper;

/**
 * The one way the reader fetchers (full text, thumbnails) run beside the server: a daemon thread at the lowest
 * priority, and a stop that interrupts it and waits for it, so a store query under way (which ignores interrupts)
 * ends before the store closes behind it.
 */
public final class BackgroundThread {

    private static final long STOP_WAIT_MILLIS = 10_000;

    private BackgroundThread() {
    }

    /** Starts {@code body} on a daemon thread named {@code name} at the lowest priority. */
    public static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return t;
    }

    /** Interrupts {@code t} (null: nothing) and waits up to ten seconds for it to end. */
    public static void stop(Thread t) {
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
