package papers.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Stops {@code serve} in our order on SIGTERM and SIGINT, before the JVM's shutdown hooks run. The JVM starts all
 * hooks at once, and onnxruntime's hook frees its native environment while our embedding thread may still be inside
 * it (4 of 22 SIGTERMs crashed with SIGSEGV). So the signal is taken here: the server drains, background work
 * stops, the store closes, and only then does {@link System#exit} run the hooks, with nothing of ours in native
 * code. A hook doing the same steps stays for other ways out (System.exit elsewhere); the steps run once.
 */
final class OrderedShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(OrderedShutdown.class);

    private final Runnable steps;
    private final AtomicBoolean begun = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    private OrderedShutdown(Runnable steps) {
        this.steps = steps;
    }

    /** Installs the signal handlers and the fallback hook; {@code steps} run once, whichever comes first. */
    static OrderedShutdown install(Runnable steps) {
        OrderedShutdown s = new OrderedShutdown(steps);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> Thread.ofPlatform().name("shutdown-" + name)
                        .start(() -> {
                            LOG.info("SIG{} received: stopping", name);
                            s.run();
                            System.exit(0);
                        }));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("cannot handle SIG{}: {}", name, e.toString()); // e.g. -Xrs; the hook still runs
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(s::run, "shutdown"));
        return s;
    }

    /** Runs the steps the first time; later calls wait until the first has finished. */
    void run() {
        if (!begun.compareAndSet(false, true)) {
            await();
            return;
        }
        try {
            steps.run();
        } catch (RuntimeException e) {
            LOG.warn("stopping failed: {}", e.toString());
        } finally {
            done.countDown();
        }
    }

    /** Blocks until the steps have run (the main thread of {@code serve} waits here). */
    void await() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
