package papers.digest;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends digests from {@code serve}: once a day, at the configured hour in the configured time zone, the daily batch
 * (weekdays, or every day when configured) and on Mondays the weekly one. Checks every minute, so a server started
 * after the hour sends that day's batch at once; the ledger makes a batch already sent by cron or another node send
 * nothing. With PostgreSQL, {@code lock} lets only one node run a batch at a time (an advisory lock).
 */
public final class DigestScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DigestScheduler.class);

    /** Runs a batch under the store-wide lock; returns false when another process holds it. */
    public interface Lock {
        boolean runAlone(Runnable batch);
    }

    private final Clock clock;
    private final ZoneId zone;
    private final int hour;
    private final boolean weekends;
    private final BiFunction<Frequency, LocalDate, DigestRun.Result> batch;
    private final Lock lock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "digest-scheduler");
        t.setDaemon(true);
        return t;
    });
    private LocalDate done;

    public DigestScheduler(Clock clock, ZoneId zone, int hour, boolean weekends,
                           BiFunction<Frequency, LocalDate, DigestRun.Result> batch, Lock lock) {
        this.clock = clock;
        this.zone = zone;
        this.hour = hour;
        this.weekends = weekends;
        this.batch = batch;
        this.lock = lock;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::tick, 5, 60, TimeUnit.SECONDS);
    }

    /** One check: sends today's batches once the hour has come (and they were not sent by this process yet). */
    synchronized void tick() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
        LocalDate today = now.toLocalDate();
        if (now.getHour() < hour || today.equals(done)) {
            return;
        }
        try {
            boolean ran = lock.runAlone(() -> {
                if (DigestPeriod.sendsOn(Frequency.DAILY, today, weekends)) {
                    report(Frequency.DAILY, today, batch.apply(Frequency.DAILY, today));
                }
                if (today.getDayOfWeek() == DayOfWeek.MONDAY) {
                    report(Frequency.WEEKLY, today, batch.apply(Frequency.WEEKLY, today));
                }
            });
            if (ran) {
                done = today;
            }
        } catch (RuntimeException e) { // the next tick tries again; the ledger keeps it from sending twice
            LOG.error("digest batch for {} failed", today, e);
        }
    }

    private static void report(Frequency frequency, LocalDate day, DigestRun.Result result) {
        LOG.info("{} digest {}: {}{}", frequency.key(), day, result.line(),
                result.note() == null ? "" : " (" + result.note() + ")");
    }

    /** A lock for one process (SQLite): nothing to coordinate with. */
    public static Lock noLock() {
        return batch -> {
            batch.run();
            return true;
        };
    }

    /** Helper for the PostgreSQL lock: holds {@code handle}'s session lock while the batch runs. */
    public static Lock postgres(Supplier<org.jdbi.v3.core.Jdbi> jdbi, long key) {
        return batch -> jdbi.get().withHandle(h -> {
            boolean got = h.createQuery("SELECT pg_try_advisory_lock(?)").bind(0, key).mapTo(Boolean.class).one();
            if (!got) {
                return false;
            }
            try {
                batch.run();
                return true;
            } finally {
                h.createQuery("SELECT pg_advisory_unlock(?)").bind(0, key).mapTo(Boolean.class).one();
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
