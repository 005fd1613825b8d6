package papers.feed;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import papers.paper.Paper;

/**
 * The trending score: {@code upvotes / (ageHours + 2)^1.8}, the age counted from the start (UTC) of the day the
 * paper was listed. Votes on a fresh paper count for much more than the same votes a week later, so a new paper
 * with a few votes can pass an older one with many (the Hacker News form, with its gravity of 1.8).
 */
public final class Trending {

    public static final double GRAVITY = 1.8;
    /** How far back trending looks, counted from the newest listing day. */
    public static final int WINDOW_DAYS = 7;

    private Trending() {
    }

    public static double score(Paper paper, Instant now) {
        Instant listed = paper.listedOn() != null
                ? paper.listedOn().atStartOfDay(ZoneOffset.UTC).toInstant()
                : paper.publishedAt() != null ? paper.publishedAt() : now;
        double ageHours = Math.max(0, Duration.between(listed, now).toSeconds() / 3600.0);
        return paper.upvotes() / Math.pow(ageHours + 2, GRAVITY);
    }

    /** Highest score first; ties: more upvotes, then the smaller id (stable pages). */
    public static List<Paper> rank(List<Paper> papers, Instant now) {
        Comparator<Paper> byScore = Comparator.comparingDouble((Paper p) -> score(p, now)).reversed();
        return papers.stream()
                .sorted(byScore.thenComparing(Comparator.comparingInt(Paper::upvotes).reversed())
                        .thenComparing(Paper::id))
                .toList();
    }
}
