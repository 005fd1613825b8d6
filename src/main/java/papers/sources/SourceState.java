package papers.sources;

import java.time.Instant;

/** A source's stored state (table {@code source_state}); null fields: not yet known. */
public record SourceState(String name, String kind, String watermark, String cursor, String harvestMax,
                          Instant lastRun, Instant lastSuccess, String lastError, int failures, Instant pausedUntil,
                          int runs, int created, int updated, int unchanged, int rejected) {

    static SourceState empty(String name, String kind) {
        return new SourceState(name, kind, null, null, null, null, null, null, 0, null, 0, 0, 0, 0, 0);
    }
}
