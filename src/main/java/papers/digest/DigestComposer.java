package papers.digest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papers.community.Follow;
import papers.community.FollowStore;
import papers.community.VoteStore;
import papers.paper.Author;
import papers.paper.EmbeddingStore;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.recommend.Mutes;
import papers.recommend.Recommender;
import papers.search.SearchFilters;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import papers.search.SearchHit;
import papers.search.SearchQuery;
import papers.search.SearchService;
import papers.search.SearchSort;

/**
 * Composes digests. An {@link Edition} loads what every reader of a period shares once (the period's papers, their
 * embeddings, each saved search's matches); {@link #compose} then adds what is the reader's own:
 * <ul>
 * <li>papers of the period that match a saved search (lexical matches: every word of the topic must be in the
 *     paper);</li>
 * <li>papers by an author, or from an organization, the reader's account follows;</li>
 * <li>papers near the reader's upvoted papers in embedding space: the best cosine similarity to an upvoted paper,
 *     weighted from 1 (voted today) down to 0.4 (long ago; half-way after {@link #HALF_LIFE}), at least
 *     {@link #NEAR}.</li>
 * </ul>
 * A reader with an account and enough signals gets the site's "For you" instead ({@link Recommender}: the same model,
 * the same candidates, so the email and /for-you agree), topic matches filling any room left; the reader's mutes
 * apply to every section.
 */
public final class DigestComposer {

    private static final Logger LOG = LoggerFactory.getLogger(DigestComposer.class);
    /** MiniLM cosine is about 0.5 for related abstracts and near 0 for unrelated ones. */
    static final double NEAR = 0.45;
    static final Duration HALF_LIFE = Duration.ofDays(30);
    /** What a long-ago upvote still weighs: a cosine of 0.9 to it (0.36) is no longer near. */
    static final double OLDEST_WEIGHT = 0.4;
    /** Upvotes considered for nearness, most recent first. */
    static final int UPVOTES_CONSIDERED = 50;
    /** Papers of a period considered at most (by upvotes): enough for any real day or week. */
    static final int MAX_PERIOD_PAPERS = 2_000;

    private final PaperStore papers;
    private final SearchService search;
    private final EmbeddingStore embeddings;
    private final VoteStore votes;
    private final FollowStore follows;
    private final Recommender recommender;

    /** {@code search} may be null (no index here): saved searches then match nothing. */
    public DigestComposer(PaperStore papers, SearchService search, EmbeddingStore embeddings, VoteStore votes,
                          FollowStore follows) {
        this(papers, search, embeddings, votes, follows, null);
    }

    /** With {@code recommender} (may be null), account readers with enough signals get the site's "For you". */
    public DigestComposer(PaperStore papers, SearchService search, EmbeddingStore embeddings, VoteStore votes,
                          FollowStore follows, Recommender recommender) {
        this.recommender = recommender;
        this.papers = papers;
        this.search = search;
        this.embeddings = embeddings;
        this.votes = votes;
        this.follows = follows;
    }

    /** What all readers of a period share; safe to use from several threads. */
    public final class Edition {
        private final DigestPeriod period;
        private final List<Paper> ranked;
        private final Map<String, Paper> byId = new HashMap<>();
        private final Map<String, float[]> vectors;
        private final Map<String, List<String>> topicMatches = new ConcurrentHashMap<>();
        /** Each search's results (a topic's and its words'), apart: one computeIfAbsent must not nest in another. */
        private final Map<String, List<String>> searches = new ConcurrentHashMap<>();

        private Edition(DigestPeriod period) {
            this.period = period;
            this.ranked = papers.listedBetween(period.first(), period.last(), MAX_PERIOD_PAPERS, 0);
            ranked.forEach(p -> byId.put(p.id(), p));
            this.vectors = embeddings.get(byId.keySet());
        }

        public DigestPeriod period() {
            return period;
        }

        /** Whether the period has any paper at all: without, no digest is sent. */
        public boolean hasNews() {
            return !ranked.isEmpty();
        }

        /**
         * The period's papers a saved search matches, by upvotes. Every word and phrase of the topic must match (the
         * search box ranks papers with any of them; a saved "speech recognition" must not bring every paper that
         * says "recognition"): the topic's results are intersected with each word's own, English stop words aside.
         */
        private List<String> matches(String topic) {
            return topicMatches.computeIfAbsent(topic, t -> {
                if (search == null) {
                    return List.of();
                }
                SearchQuery q = SearchQuery.parse(t);
                List<String> ids = lexical(t);
                if (q.terms().size() + q.phrases().size() > 1) {
                    for (String term : q.terms()) {
                        if (!EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.contains(term.toLowerCase(Locale.ROOT))) {
                            Set<String> each = new HashSet<>(lexical(term));
                            ids = ids.stream().filter(each::contains).toList();
                        }
                    }
                    for (String phrase : q.phrases()) {
                        Set<String> each = new HashSet<>(lexical("\"" + phrase + "\""));
                        ids = ids.stream().filter(each::contains).toList();
                    }
                }
                return ids;
            });
        }

        private List<String> lexical(String query) {
            return searches.computeIfAbsent(query, k -> {
                try {
                    // Sorted by upvotes, the search is lexical: a match contains the words, rather than merely being
                    // among the nearest vectors (which any query has).
                    return search.search(query, new SearchFilters(period.first(), period.last(), null, 0),
                            SearchSort.UPVOTES, 1, SearchService.MAX_PAGE_SIZE).hits().stream()
                            .map(SearchHit::id).filter(byId::containsKey).toList();
                } catch (RuntimeException e) {
                    LOG.warn("saved search '{}' failed: {}", query, e.getMessage());
                    return List.of();
                }
            });
        }
    }

    /** The newest day papers were listed on, if any: where a preview without a date opens. */
    public java.util.Optional<java.time.LocalDate> newestListingDay() {
        return papers.newestListingDay();
    }

    public Edition edition(DigestPeriod period) {
        return new Edition(period);
    }

    /** The reader's digest for the edition's period; {@link Digest#isEmpty()} when there is nothing new. */
    public Digest compose(Edition edition, Subscription reader) {
        DigestPeriod period = edition.period;
        if (!edition.hasNews()) {
            return new Digest(period, reader, List.of(), List.of());
        }
        Map<String, List<String>> reasons = new LinkedHashMap<>();
        for (String topic : reader.topics()) {
            for (String id : edition.matches(topic)) {
                reasons.computeIfAbsent(id, k -> new ArrayList<>()).add("Matches your topic “" + topic + "”");
            }
        }
        int forYouSize = period.frequency() == Frequency.DAILY ? 10 : 20;
        Mutes mutes = reader.userId() == null || recommender == null ? Mutes.NONE
                : recommender.readers().mutes(reader.userId());
        List<Digest.Pick> forYou = new ArrayList<>();
        Recommender.ForYou site = reader.userId() == null || recommender == null ? null
                : recommender.forYou(reader.userId(), edition.ranked, forYouSize);
        if (site != null && site.personal()) {
            for (Recommender.Pick p : site.picks()) { // the site's order; a subscription topic adds its reason
                List<String> why = new ArrayList<>(p.reasons());
                reasons.getOrDefault(p.paper().id(), List.of()).stream().filter(r -> !why.contains(r)).forEach(why::add);
                forYou.add(new Digest.Pick(p.paper(), List.copyOf(why)));
            }
        } else if (reader.userId() != null) {
            addFollowed(edition, reader.userId(), reasons);
            addNearUpvoted(edition, reader.userId(), reasons);
        }
        Set<String> picked = new HashSet<>();
        forYou.forEach(p -> picked.add(p.paper().id()));
        reasons.entrySet().stream()
                .filter(e -> !picked.contains(e.getKey()))
                .map(e -> new Digest.Pick(edition.byId.get(e.getKey()), List.copyOf(e.getValue())))
                .filter(p -> !mutes.hides(p.paper()))
                .sorted(Comparator.comparingInt((Digest.Pick p) -> -p.reasons().size())
                        .thenComparingInt(p -> -p.paper().upvotes()))
                .limit(Math.max(0, forYouSize - forYou.size()))
                .forEach(forYou::add);
        forYou.forEach(p -> picked.add(p.paper().id()));
        int trendingSize = period.frequency() == Frequency.DAILY ? 5 : 10;
        List<Paper> trending = edition.ranked.stream().filter(p -> !picked.contains(p.id()) && !mutes.hides(p))
                .limit(trendingSize).toList();
        return new Digest(period, reader, forYou, trending);
    }

    private void addFollowed(Edition edition, long userId, Map<String, List<String>> reasons) {
        List<Follow> following = follows.following(userId);
        if (following.isEmpty()) {
            return;
        }
        Set<String> authors = new HashSet<>();
        Set<String> orgs = new HashSet<>();
        for (Follow f : following) {
            (f.kind() == Follow.Kind.AUTHOR ? authors : orgs).add(f.target());
        }
        for (Paper p : edition.ranked) {
            for (Author a : p.authors()) {
                if (authors.contains(a.name())) {
                    reasons.computeIfAbsent(p.id(), k -> new ArrayList<>()).add("By " + a.name() + ", whom you follow");
                }
            }
            if (p.organization() != null && orgs.contains(p.organization().name())) {
                String name = p.organization().fullName() != null ? p.organization().fullName()
                        : p.organization().name();
                reasons.computeIfAbsent(p.id(), k -> new ArrayList<>()).add("From " + name + ", which you follow");
            }
        }
    }

    private void addNearUpvoted(Edition edition, long userId, Map<String, List<String>> reasons) {
        List<VoteStore.Upvote> upvotes = votes.upvotes(userId, UPVOTES_CONSIDERED);
        if (upvotes.isEmpty() || edition.vectors.isEmpty()) {
            return;
        }
        Set<String> voted = new HashSet<>();
        upvotes.forEach(u -> voted.add(u.paperId()));
        Map<String, float[]> votedVectors = embeddings.get(voted);
        Instant reference = edition.period.last().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<String> votedIds = new ArrayList<>();
        List<float[]> votedVecs = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (VoteStore.Upvote u : upvotes) {
            float[] v = votedVectors.get(u.paperId());
            if (v != null) {
                double ageDays = Math.max(0, Duration.between(u.at(), reference).toHours() / 24.0);
                votedIds.add(u.paperId());
                votedVecs.add(v);
                weights.add(OLDEST_WEIGHT + (1 - OLDEST_WEIGHT) * Math.pow(0.5, ageDays / HALF_LIFE.toDays()));
            }
        }
        if (votedVecs.isEmpty()) {
            return;
        }
        Map<String, Paper> titles = null;
        for (Paper p : edition.ranked) {
            float[] candidate = edition.vectors.get(p.id());
            if (candidate == null || voted.contains(p.id())) {
                continue;
            }
            double best = 0;
            int bestAt = -1;
            for (int i = 0; i < votedVecs.size(); i++) {
                double score = weights.get(i) * cosine(candidate, votedVecs.get(i));
                if (score > best) {
                    best = score;
                    bestAt = i;
                }
            }
            if (best >= NEAR) {
                if (titles == null) {
                    titles = papers.findAll(votedIds);
                }
                Paper near = titles.get(votedIds.get(bestAt));
                String title = near == null ? votedIds.get(bestAt) : near.title();
                reasons.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(String.format(Locale.ROOT,
                        "Close to “%s”, which you upvoted", title));
            }
        }
    }

    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            return 0;
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
