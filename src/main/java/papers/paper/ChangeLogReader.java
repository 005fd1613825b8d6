package papers.paper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads the change log ({@code paper_changes}) past its gaps safely. On PostgreSQL a sequence number is taken at
 * insert, not at commit: a reader that keeps {@code MAX(seq)} skips a change whose transaction commits after a later
 * one's. So a number missing below the highest one read is a gap, remembered and asked for again on every read
 * until it appears (a late commit, delivered then) or {@link #GAP_PATIENCE} passes (a rolled-back insert leaves a
 * number that never appears). {@link #safeSeq()} is the position it is safe to store: below the oldest open gap.
 * SQLite assigns numbers in commit order, so there are no gaps and this costs nothing there.
 */
public final class ChangeLogReader {

    /** Longer than any transaction that writes a change lives (imports commit batches of 1,000 in seconds). */
    public static final Duration GAP_PATIENCE = Duration.ofMinutes(5);
    private static final int MAX_GAPS = 10_000;

    /** Changes read by one {@link #read}, oldest first, and the position safe to store after applying them. */
    public record Batch(List<PaperChange> changes, long safeSeq) {
        public boolean isEmpty() {
            return changes.isEmpty();
        }

        public List<String> paperIds() {
            return changes.stream().map(PaperChange::paperId).distinct().toList();
        }
    }

    private final Jdbi jdbi;
    private final Clock clock;
    private long high;
    /** Missing numbers below {@link #high}, with when they were first missed. */
    private final TreeMap<Long, Instant> gaps = new TreeMap<>();

    /** How far below its start a new reader looks for numbers still in flight. */
    static final int START_WINDOW = 1_000;

    /**
     * Reads the changes after {@code from} (a position stored earlier, or the newest number when starting fresh).
     * Numbers missing in the {@value #START_WINDOW} below {@code from} are taken as gaps: when {@code from} was
     * read as {@code MAX(seq)}, transactions still in flight may hold them.
     */
    public ChangeLogReader(Jdbi jdbi, long from, Clock clock) {
        this.jdbi = jdbi;
        this.high = from;
        this.clock = clock;
        if (from > 0) {
            java.util.Set<Long> present = new java.util.HashSet<>(jdbi.withHandle(h -> h.createQuery(
                            "SELECT seq FROM paper_changes WHERE seq > :low AND seq <= :high")
                    .bind("low", from - START_WINDOW).bind("high", from).mapTo(Long.class).list()));
            Instant now = clock.instant();
            for (long seq = Math.max(1, from - START_WINDOW + 1); seq <= from; seq++) {
                if (!present.contains(seq)) {
                    gaps.put(seq, now);
                }
            }
        }
    }

    /** The next changes, at most {@code limit} new ones plus those that filled gaps. */
    public synchronized Batch read(int limit) {
        Instant now = clock.instant();
        List<PaperChange> late = gaps.isEmpty() ? List.of() : jdbi.withHandle(h -> h.createQuery(
                        "SELECT seq, paper_id FROM paper_changes WHERE seq IN (<seqs>) ORDER BY seq")
                .bindList("seqs", List.copyOf(gaps.keySet()))
                .map((rs, ctx) -> new PaperChange(rs.getLong(1), rs.getString(2))).list());
        late.forEach(c -> gaps.remove(c.seq()));
        List<PaperChange> fresh = jdbi.withHandle(h -> h.createQuery(
                        "SELECT seq, paper_id FROM paper_changes WHERE seq > :seq ORDER BY seq LIMIT :limit")
                .bind("seq", high).bind("limit", limit)
                .map((rs, ctx) -> new PaperChange(rs.getLong(1), rs.getString(2))).list());
        for (PaperChange c : fresh) {
            for (long missing = high + 1; missing < c.seq() && gaps.size() < MAX_GAPS; missing++) {
                gaps.put(missing, now);
            }
            high = Math.max(high, c.seq());
        }
        gaps.values().removeIf(missedAt -> Duration.between(missedAt, now).compareTo(GAP_PATIENCE) > 0);
        List<PaperChange> all = new ArrayList<>(late);
        all.addAll(fresh);
        return new Batch(all, safeSeq());
    }

    /** Below the oldest open gap: a reader started there again misses nothing. */
    public synchronized long safeSeq() {
        return gaps.isEmpty() ? high : gaps.firstKey() - 1;
    }

    /** Numbers still awaited, for tests and metrics. */
    public synchronized int openGaps() {
        return gaps.size();
    }
}
