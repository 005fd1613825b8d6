package papers.community;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import papers.ingest.ArxivLookup;
import papers.ingest.MalformedSourceException;
import papers.paper.ArxivId;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.paper.Submitter;

/**
 * A signed-in user puts an arXiv paper on today's feed: the id is checked, the metadata fetched from arXiv, and the
 * rules applied (recent papers only, each paper listed once, a daily limit per user). Each refusal says why.
 */
public final class Submissions {

    /** Why a submission was refused. */
    public enum Refusal { MALFORMED_ID, NOT_ON_ARXIV, TOO_OLD, DAILY_LIMIT, ARXIV_UNAVAILABLE, HIDDEN }

    /** A refused submission, with a message for the submitter. */
    public static final class Refused extends Exception {
        public final Refusal reason;
        /** For {@link Refusal#DAILY_LIMIT}: seconds until the limit starts over; else 0. */
        public final long retryAfterSeconds;

        Refused(Refusal reason, String message, long retryAfterSeconds) {
            super(message);
            this.reason = reason;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /** The listed paper, and whether this submission listed it (false: it was listed before). */
    public record Outcome(Paper paper, boolean listedNow) { }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Submissions.class);

    private final PaperStore papers;
    private final SubmissionStore store;
    private final ArxivLookup arxiv;
    private final Clock clock;
    private final int maxAgeDays;
    private final int dailyLimit;

    public Submissions(PaperStore papers, SubmissionStore store, ArxivLookup arxiv, Clock clock, int maxAgeDays,
                       int dailyLimit) {
        this.papers = papers;
        this.store = store;
        this.arxiv = arxiv;
        this.clock = clock;
        this.maxAgeDays = maxAgeDays;
        this.dailyLimit = dailyLimit;
    }

    public int maxAgeDays() {
        return maxAgeDays;
    }

    public int dailyLimit() {
        return dailyLimit;
    }

    /** Submits the paper named by {@code text} (an arXiv id, {@code arXiv:} id or arxiv.org link). */
    public Outcome submit(User user, String text) throws Refused {
        String id = ArxivId.parse(text).map(ArxivId::id).orElseThrow(() -> new Refused(Refusal.MALFORMED_ID,
                "'" + shortened(text) + "' is not an arXiv id or link; give one like 2405.15738 or "
                        + "https://arxiv.org/abs/2405.15738.", 0));
        Optional<Paper> stored = papers.find(id);
        if (stored.isPresent() && stored.get().listedOn() != null) {
            return new Outcome(stored.get(), false);
        }
        if (stored.isEmpty() && papers.isHidden(id)) {
            throw hidden(id);
        }
        if (store.countToday(user.id()) >= dailyLimit) { // before asking arXiv: a refused user costs it nothing
            throw limitReached();
        }
        Paper fetched = fetch(id);
        Instant oldest = clock.instant().minus(Duration.ofDays(maxAgeDays));
        if (fetched.publishedAt() == null || fetched.publishedAt().isBefore(oldest)) {
            throw new Refused(Refusal.TOO_OLD, id + " was first published on arXiv "
                    + (fetched.publishedAt() == null ? "on an unknown day"
                            : "on " + fetched.publishedAt().toString().substring(0, 10))
                    + "; only papers published within the last " + maxAgeDays + " days can be submitted.", 0);
        }
        papers.upsert(List.of(fetched)); // metadata first, unlisted; listing it is the checked step below
        SubmissionStore.Listing listing = store.list(user.id(), id, new Submitter(user.username(), null, null),
                dailyLimit);
        return switch (listing) {
            case LISTED -> new Outcome(papers.find(id).orElseThrow(() -> hidden(id)), true);
            case ALREADY_LISTED -> new Outcome(papers.find(id).orElseThrow(() -> hidden(id)), false);
            case LIMIT_REACHED -> throw limitReached();
            case NO_PAPER -> throw new IllegalStateException("paper " + id + " vanished while being submitted");
        };
    }

    private Paper fetch(String id) throws Refused {
        try {
            return arxiv.find(id).orElseThrow(() -> new Refused(Refusal.NOT_ON_ARXIV,
                    "arXiv has no paper " + id + "; check the id.", 0));
        } catch (IOException e) {
            LOG.warn("arXiv lookup of {} failed: {}", id, e.getMessage());
            throw new Refused(Refusal.ARXIV_UNAVAILABLE,
                    "arXiv could not be reached just now; try again in a few minutes.", 0);
        } catch (MalformedSourceException e) {
            LOG.warn("arXiv answer for {} unreadable: {}", id, e.getMessage());
            throw new Refused(Refusal.ARXIV_UNAVAILABLE,
                    "arXiv's answer about " + id + " could not be read; try again later.", 0);
        }
    }

    private static Refused hidden(String id) {
        return new Refused(Refusal.HIDDEN, "Paper " + id + " was hidden by the admins and cannot be submitted.", 0);
    }

    private Refused limitReached() {
        return new Refused(Refusal.DAILY_LIMIT, "You have submitted " + dailyLimit + " papers today, the daily "
                + "limit; submit more tomorrow.", store.secondsUntilTomorrow());
    }

    private static String shortened(String text) {
        String s = text == null ? "" : text.strip();
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
