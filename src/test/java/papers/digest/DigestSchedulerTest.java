package papers.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scheduler sends each day's batches once, from the configured hour in the configured zone. */
class DigestSchedulerTest {

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(String instant) {
            now = Instant.parse(instant);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            MovableClock self = this;
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return zone;
                }

                @Override
                public Clock withZone(ZoneId z) {
                    return self.withZone(z);
                }

                @Override
                public Instant instant() {
                    return self.now;
                }
            };
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void sendsTheDailyOnWeekdaysAndTheWeeklyOnMondaysOnceFromTheHourInTheZone() {
        MovableClock clock = new MovableClock("2026-08-24T04:59:00Z"); // Monday 06:59 in Berlin (UTC+2)
        List<String> batches = new ArrayList<>();
        DigestScheduler scheduler = new DigestScheduler(clock, ZoneId.of("Europe/Berlin"), 7, false,
                (frequency, day) -> {
                    batches.add(frequency.key() + " " + day);
                    return new DigestRun.Result(0, 0, 0, List.of(), null);
                }, DigestScheduler.noLock());
        scheduler.tick();
        assertThat(batches).isEmpty();
        clock.now = Instant.parse("2026-08-24T05:00:00Z"); // 07:00 in Berlin
        scheduler.tick();
        scheduler.tick();
        assertThat(batches).containsExactly("daily 2026-08-24", "weekly 2026-08-24");
        clock.now = Instant.parse("2026-08-25T09:00:00Z");
        scheduler.tick();
        assertThat(batches).containsExactly("daily 2026-08-24", "weekly 2026-08-24", "daily 2026-08-25");
        clock.now = Instant.parse("2026-08-29T09:00:00Z"); // Saturday: no daily without weekend digests
        scheduler.tick();
        assertThat(batches).hasSize(3);
        scheduler.close();
    }

    @Test
    void aBatchAnotherNodeIsSendingIsLeftToItAndTriedAgainAtTheNextTick() {
        MovableClock clock = new MovableClock("2026-08-25T08:00:00Z");
        List<LocalDate> days = new ArrayList<>();
        boolean[] locked = {true};
        DigestScheduler scheduler = new DigestScheduler(clock, ZoneId.of("UTC"), 7, false, (frequency, day) -> {
            days.add(day);
            return new DigestRun.Result(0, 0, 0, List.of(), null);
        }, batch -> {
            if (locked[0]) {
                return false;
            }
            batch.run();
            return true;
        });
        scheduler.tick();
        assertThat(days).isEmpty();
        locked[0] = false;
        scheduler.tick();
        scheduler.tick();
        assertThat(days).containsExactly(LocalDate.parse("2026-08-25"));
        scheduler.close();
    }
}
