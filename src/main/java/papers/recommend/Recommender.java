package papers.recommend;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import papers.community.Follow;
import papers.community.FollowStore;
import papers.community.VoteStore;
import papers.feed.Trending;
import papers.paper.EmbeddingStore;
import papers.paper.Paper;
import papers.paper.PaperStore;

/**
 * "For you": a period's papers ranked for one reader by their {@link Taste}, fitted from their upvotes, saves,
 * picks, dismissals, follows and topics. A reader's taste is cached (the {@value #CACHED_TASTES} most recently used)
 * and fitted again when any of those signals, or the background papers, change. Dismissed papers and muted ones never appear; papers the reader already liked are
 * left out too (for-you is for finding new ones). With fewer than {@value #MIN_SIGNALS} signals the list is the
 * period's trending papers, and says so. The site, the API and the digest all rank through here.
 */
public final class Recommender {

    /** Signals (liked papers, follows, topics) needed before the list is personal. */
    public static final int MIN_SIGNALS = 3;
    /** Upvotes taken into the model, most recent first. */
    static final int UPVOTES_CONSIDERED = 500;
    /** Papers of a period considered at most (by upvotes): enough for any real week or month. */
    static final int MAX_CANDIDATES = 2_000;
    /** The background is read again after this long: new papers change what "not picked" means. */
    static final long BACKGROUND_MILLIS = 10 * 60_000L;

    /** A recommended paper and why. */
    public record Pick(Paper paper, List<String> reasons) { }

    /**
     * The ranked list; {@code personal} is false when it is the trending fallback, and {@code message} then says
     * why (null otherwise).
     */
    public record ForYou(List<Pick> picks, boolean personal, int signals, String message) { }

    private final PaperStore papers;
    private final EmbeddingStore embeddings;
    private final ReaderStore readers;
    private final VoteStore votes;
    private final FollowStore follows;
    private final Clock clock;
    /** Tastes kept in memory (a heavy reader's holds hundreds of vectors): the most recently used ones. */
    static final int CACHED_TASTES = 2_000;
    private final Map<Long, Fitted> fitted = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Fitted> eldest) {
                    return size() > CACHED_TASTES;
                }
            });
    private volatile Background background;

    private record Fitted(int fingerprint, Taste taste, int signals) { }

    private record Background(long readAt, long lastChange, List<float[]> vectors) { }

    public Recommender(PaperStore papers, EmbeddingStore embeddings, ReaderStore readers, VoteStore votes,
                       FollowStore follows, Clock clock) {
        this.papers = papers;
        this.embeddings = embeddings;
        this.readers = readers;
        this.votes = votes;
        this.follows = follows;
        this.clock = clock;
    }

    public ReaderStore readers() {
        return readers;
    }

    /** The period's papers for the reader, best first, at most {@code limit}. */
    public ForYou forYou(long userId, LocalDate first, LocalDate last, int limit) {
        return forYou(userId, papers.listedBetween(first, last, MAX_CANDIDATES, 0), limit);
    }

    /** Ranks {@code candidates} (a period's papers, by upvotes) for the reader. */
    public ForYou forYou(long userId, List<Paper> candidates, int limit) {
        List<ReaderStore.Signal> signals = readers.signals(userId);
        Set<String> dismissed = new HashSet<>();
        Set<String> liked = new HashSet<>();
        for (ReaderStore.Signal s : signals) {
            (s.kind() == ReaderStore.Kind.DISMISS ? dismissed : liked).add(s.paperId());
        }
        List<VoteStore.Upvote> upvotes = votes.upvotes(userId, UPVOTES_CONSIDERED);
        upvotes.forEach(u -> liked.add(u.paperId()));
        Mutes mutes = readers.mutes(userId);
        List<Paper> open = candidates.stream()
                .filter(p -> !dismissed.contains(p.id()) && !liked.contains(p.id()) && !mutes.hides(p))
                .toList();
        Fitted f = fit(userId, signals, upvotes);
        if (f.signals < MIN_SIGNALS) {
            List<Pick> trending = Trending.rank(open, clock.instant()).stream().limit(limit)
                    .map(p -> new Pick(p, List.of("Trending: few signals from you yet"))).toList();
            return new ForYou(trending, false, f.signals, "Too few signals to go on yet (" + f.signals + " of "
                    + MIN_SIGNALS + "): save, upvote or pick a few papers, follow authors or add topics. "
                    + "Until then, these are the trending papers.");
        }
        Map<String, float[]> vectors = unit(embeddings.get(open.stream().map(Paper::id).toList()));
        List<float[]> inOrder = open.stream().map(p -> vectors.get(p.id())).toList();
        List<Pick> picks = new ArrayList<>();
        for (Paper p : f.taste.top(open, inOrder, limit)) {
            picks.add(new Pick(p, f.taste.reasons(p, vectors.get(p.id()))));
        }
        return new ForYou(picks, true, f.signals, null);
    }

    /** The reader's taste, fitted now or taken from the cache when nothing it rests on changed. */
    public Taste taste(long userId) {
        return fit(userId, readers.signals(userId), votes.upvotes(userId, UPVOTES_CONSIDERED)).taste;
    }

    private Fitted fit(long userId, List<ReaderStore.Signal> signals, List<VoteStore.Upvote> upvotes) {
        List<Follow> following = follows.following(userId);
        List<String> topics = readers.topics(userId);
        Background bg = background();
        int fingerprint = Objects.hash(signals, upvotes, following, topics, bg.readAt);
        Fitted cached = fitted.get(userId);
        if (cached != null && cached.fingerprint == fingerprint) {
            return cached;
        }
        Set<String> ids = new HashSet<>();
        signals.forEach(s -> ids.add(s.paperId()));
        upvotes.forEach(u -> ids.add(u.paperId()));
        Map<String, Paper> known = papers.findAll(ids);
        Map<String, float[]> vectors = embeddings.get(known.keySet());
        Taste.Builder b = Taste.builder(bg.vectors.isEmpty() ? 384 : bg.vectors.get(0).length);
        for (ReaderStore.Signal s : signals) {
            Paper p = known.get(s.paperId());
            if (p == null) {
                continue;
            }
            switch (s.kind()) {
                case SAVE -> b.like(p, vectors.get(p.id()), 1.5, "you saved");
                case PICK -> b.like(p, vectors.get(p.id()), 1.0, "you picked");
                case DISMISS -> b.dislike(vectors.get(p.id()));
            }
        }
        for (VoteStore.Upvote u : upvotes) {
            Paper p = known.get(u.paperId());
            if (p != null) {
                b.like(p, vectors.get(p.id()), 1.0, "you upvoted");
            }
        }
        Set<String> authors = new HashSet<>();
        Set<String> orgs = new HashSet<>();
        for (Follow fo : following) {
            (fo.kind() == Follow.Kind.AUTHOR ? authors : orgs).add(fo.target());
        }
        b.follow(authors, orgs);
        topics.forEach(b::topic);
        bg.vectors.forEach(b::background);
        Fitted f = new Fitted(fingerprint, b.build(), b.signals());
        fitted.put(userId, f);
        return f;
    }

    private Background background() {
        Background bg = background;
        long now = clock.millis();
        long change = papers.lastChange();
        // Read again when the store changed, at most every BACKGROUND_MILLIS (each new background refits every
        // reader's taste on their next visit); while it is not full (a young site, or embeddings still being
        // computed, which the change log does not show) at any change and every minute.
        boolean changed = bg != null && change != bg.lastChange;
        boolean short_ = bg != null && bg.vectors.size() < Taste.BACKGROUND;
        if (bg == null || (changed && now - bg.readAt > BACKGROUND_MILLIS) || (short_ && changed)
                || (short_ && now - bg.readAt > 60_000)) {
            List<float[]> vectors = new ArrayList<>();
            embeddings.recentlyListed(Taste.BACKGROUND).values().forEach(v -> vectors.add(LinearModel.unit(v)));
            bg = new Background(now, change, List.copyOf(vectors));
            background = bg;
        }
        return bg;
    }

    private static Map<String, float[]> unit(Map<String, float[]> raw) {
        Map<String, float[]> out = new HashMap<>();
        raw.forEach((k, v) -> out.put(k, LinearModel.unit(v)));
        return out;
    }
}
