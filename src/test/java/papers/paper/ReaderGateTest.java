package papers.paper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate's arithmetic on a clock the test moves: rests while requests arrive, none once they stop. */
class ReaderGateTest {

    private static final long MS = 1_000_000L;
    private long now = 1_000 * MS;
    private final List<Long> slept = new ArrayList<>();
    private final ReaderGate gate = new ReaderGate(() -> now, slept::add);

    @Test
    void workRunsWithoutRestsBeforeAnyReaderCame() throws Exception {
        assertThat(gate.readersActive()).isFalse();
        assertThat(gate.rest(100 * MS)).isZero();
        assertThat(slept).isEmpty();
    }

    @Test
    void whileRequestsArriveWorkKeepsToATenthOfTheTime() throws Exception {
        gate.requestArrived();
        now += 50 * MS;
        assertThat(gate.readersActive()).isTrue();
        assertThat(gate.rest(100 * MS)).isEqualTo(900 * MS); // 100 ms of work, 900 ms of rest: 10 %
        assertThat(gate.restAfter(20 * MS)).isEqualTo(180 * MS);
        assertThat(slept).containsExactly(900 * MS);
    }

    @Test
    void aLongStepRestsAtMostTwoSeconds() {
        gate.requestArrived();
        assertThat(gate.restAfter(5_000 * MS)).isEqualTo(ReaderGate.MAX_REST_NANOS);
    }

    @Test
    void readersGoneForTheQuietSpellMeansNoRest() throws Exception {
        gate.requestArrived();
        now += ReaderGate.QUIET_NANOS - 1;
        assertThat(gate.restAfter(100 * MS)).isEqualTo(900 * MS);
        now += 1;
        assertThat(gate.readersActive()).isFalse();
        assertThat(gate.rest(100 * MS)).isZero();
        gate.requestArrived(); // a reader comes back
        assertThat(gate.restAfter(100 * MS)).isEqualTo(900 * MS);
    }

    @Test
    void arrivalsWithinAMillisecondKeepTheFirstTime() {
        gate.requestArrived();
        long first = now;
        now += MS / 2;
        gate.requestArrived(); // not written down: still counted from the first
        now = first + ReaderGate.QUIET_NANOS;
        assertThat(gate.readersActive()).isFalse();
    }
}
