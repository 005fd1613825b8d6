package papers.community;

import java.time.Instant;
import java.util.List;

/**
 * A comment as shown: {@code html} is its Markdown rendered safely (empty when deleted); {@code replies} are filled
 * for top-level comments only (one level of threading).
 */
public record Comment(long id, String paperId, Long parentId, String username, String body, String html,
                      Instant createdAt, Instant editedAt, boolean deleted, List<Comment> replies) {
}
