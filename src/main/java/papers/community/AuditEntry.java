package papers.community;

import java.time.Instant;

/** One logged admin action; {@code actor} is null when it came from the command line. */
public record AuditEntry(long id, String actor, String action, String target, String detail, Instant at) {
}
