package papers.recommend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import papers.paper.Author;
import papers.paper.Paper;

/**
 * One reader's fitted taste: a {@link LinearModel} over embeddings learnt from what they liked (upvotes, saves,
 * picks, their imported library) against what they dismissed and a background of papers they did not pick, plus the
 * authors of the liked papers and the authors and organizations they follow. It scores a paper and says why.
 *
 * <p>The score is the model's logit, plus the best cosine to a liked paper (so one liked paper of a rare kind is not
 * drowned by many of a common kind), plus a bonus for authors met in the liked papers or followed, plus a small
 * popularity prior. The weights were chosen on {@code bench/recommend-eval}.
 */
public final class Taste {

    /** Background papers (negatives) a model is fitted against. */
    public static final int BACKGROUND = 1000;
    /** Weight of a dismissal against a background paper: the reader said no to this one. */
    static final double DISMISSAL_WEIGHT = 5;
    /** A liked paper this close (cosine) is named as the reason. */
    static final double NEAR = 0.5;

    /** How the parts of the score add up. */
    public record Weights(LinearModel.Fit fit, double nearest, double coauthor, double followed, double popularity) {
        public static final Weights SHIPPED = new Weights(LinearModel.Fit.LOGISTIC, 3.0, 2.5, 3.0, 0.1);
    }

    private record Liked(String id, String title, float[] vector, String why) { }

    private final LinearModel model;
    private final List<Liked> liked;
    private final Map<String, Integer> coauthors;
    private final Map<String, String> coauthorPaper;
    private final Set<String> followedAuthors;
    private final Set<String> followedOrgs;
    private final Weights weights;
    private final Map<String, Set<String>> topics;

    private Taste(LinearModel model, List<Liked> liked, Map<String, Integer> coauthors,
                  Map<String, String> coauthorPaper, Set<String> followedAuthors, Set<String> followedOrgs,
                  Weights weights, Map<String, Set<String>> topics) {
        this.topics = topics;
        this.model = model;
        this.liked = liked;
        this.coauthors = coauthors;
        this.coauthorPaper = coauthorPaper;
        this.followedAuthors = followedAuthors;
        this.followedOrgs = followedOrgs;
        this.weights = weights;
    }

    public static Builder builder(int dim) {
        return new Builder(dim);
    }

    /** How many liked papers the taste was learnt from. */
    public int likedCount() {
        return liked.size();
    }

    /** The part of the score that comes from embeddings alone: the model's logit and the nearest liked paper. */
    public double embeddingScore(float[] x) {
        if (x == null) {
            return Double.NEGATIVE_INFINITY;
        }
        return model.score(x) + weights.nearest() * nearest(x).cosine;
    }

    /** The paper's score for this reader; {@code x} is its unit embedding, or null when it has none yet. */
    public double score(Paper p, float[] x) {
        double s = x == null ? -10 : embeddingScore(x);
        for (Author a : p.authors()) {
            Integer n = coauthors.get(a.name());
            if (n != null) {
                s += weights.coauthor() * Math.log1p(n);
            }
            if (followedAuthors.contains(a.name())) {
                s += weights.followed();
            }
        }
        if (p.organization() != null && followedOrgs.contains(p.organization().name())) {
            s += weights.followed();
        }
        if (!topics.isEmpty()) {
            s += weights.followed() * matchedTopics(p).size();
        }
        return s + weights.popularity() * Math.log1p(p.upvotes());
    }

    /** The reader's topics whose every word is a word of the paper's title or abstract. */
    private List<String> matchedTopics(Paper p) {
        Set<String> words = Builder.words(p.title() + " " + p.abstractText());
        return topics.entrySet().stream().filter(t -> words.containsAll(t.getValue())).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /**
     * The parts of {@link #score} before weighting: the model's logit, the best cosine to a liked paper, the
     * co-author evidence, followed authors and organizations, log upvotes (for the bench's search of weights).
     */
    public double[] parts(Paper p, float[] x) {
        double co = 0;
        double followed = 0;
        for (Author a : p.authors()) {
            Integer n = coauthors.get(a.name());
            if (n != null) {
                co += Math.log1p(n);
            }
            if (followedAuthors.contains(a.name())) {
                followed++;
            }
        }
        if (p.organization() != null && followedOrgs.contains(p.organization().name())) {
            followed++;
        }
        return new double[] {x == null ? -10 : model.score(x), x == null ? 0 : nearest(x).cosine, co, followed,
                Math.log1p(p.upvotes())};
    }

    /** Why the paper suits the reader, most specific first; never empty. */
    public List<String> reasons(Paper p, float[] x) {
        List<String> out = new ArrayList<>();
        for (Author a : p.authors()) {
            if (followedAuthors.contains(a.name())) {
                out.add("By " + a.name() + ", whom you follow");
            }
        }
        if (p.organization() != null && followedOrgs.contains(p.organization().name())) {
            out.add("From " + p.organization().displayName() + ", which you follow");
        }
        if (!topics.isEmpty()) {
            matchedTopics(p).forEach(t -> out.add("Matches your topic “" + t + "”"));
        }
        for (Author a : p.authors()) {
            if (coauthors.containsKey(a.name()) && !followedAuthors.contains(a.name()) && out.size() < 3) {
                out.add("By " + a.name() + ", an author of “" + coauthorPaper.get(a.name()) + "”");
            }
        }
        if (x != null && !liked.isEmpty()) {
            Near n = nearest(x);
            if (n.cosine >= NEAR || out.isEmpty()) {
                Liked l = liked.get(n.index);
                out.add(String.format(Locale.ROOT, "%s “%s”, which %s", n.cosine >= NEAR ? "Close to" : "Nearest to",
                        l.title, l.why));
            }
        }
        if (out.isEmpty()) {
            out.add("Popular among readers this period");
        }
        return out;
    }

    /** The {@code k} best of {@code papers} (with their unit vectors, same order), best first. */
    public List<Paper> top(List<Paper> papers, List<float[]> vectors, int k) {
        List<Integer> order = new ArrayList<>();
        double[] scores = new double[papers.size()];
        for (int i = 0; i < papers.size(); i++) {
            scores[i] = score(papers.get(i), vectors.get(i));
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparing(i -> papers.get(i).id()));
        return order.stream().limit(k).map(papers::get).toList();
    }

    private record Near(int index, double cosine) { }

    private Near nearest(float[] x) {
        int best = -1;
        double cos = 0;
        for (int i = 0; i < liked.size(); i++) {
            double c = LinearModel.dot(x, liked.get(i).vector);
            if (best < 0 || c > cos) {
                best = i;
                cos = c;
            }
        }
        return new Near(best, best < 0 ? 0 : cos);
    }

    /** Collects a reader's signals, then fits. */
    public static final class Builder {
        private final int dim;
        private final List<LinearModel.Example> examples = new ArrayList<>();
        private final List<Liked> liked = new ArrayList<>();
        private final Map<String, Integer> coauthors = new HashMap<>();
        private final Map<String, String> coauthorPaper = new HashMap<>();
        private final Set<String> ignored = new HashSet<>();
        private final Set<String> followedAuthors = new HashSet<>();
        private final Set<String> followedOrgs = new HashSet<>();
        private final Set<String> seen = new HashSet<>();
        private Weights weights = Weights.SHIPPED;
        private final Map<String, Set<String>> topics = new HashMap<>();
        private static final java.util.regex.Pattern WORD = java.util.regex.Pattern.compile("[\\p{L}\\p{N}]+");

        static Set<String> words(String text) {
            Set<String> out = new HashSet<>();
            var m = WORD.matcher(text.toLowerCase(Locale.ROOT));
            while (m.find()) {
                out.add(m.group());
            }
            return out;
        }

        /** A topic the reader asked for: papers with all its words count for more. */
        public Builder topic(String topic) {
            Set<String> w = words(topic);
            w.removeAll(org.apache.lucene.analysis.en.EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.stream()
                    .map(Object::toString).toList());
            if (!w.isEmpty()) {
                topics.put(topic, Set.copyOf(w));
            }
            return this;
        }

        /** How many signals the taste will rest on: liked papers, follows and topics. */
        public int signals() {
            return seen.size() + followedAuthors.size() + followedOrgs.size() + topics.size();
        }

        private Builder(int dim) {
            this.dim = dim;
        }

        /**
         * A paper the reader wants more of; {@code vector} may be null (not embedded yet: its authors still count).
         * {@code why} completes "which ...": "you saved", "you upvoted".
         */
        public Builder like(Paper p, float[] vector, double weight, String why) {
            if (!seen.add(p.id())) {
                return this;
            }
            if (vector != null && vector.length == dim) {
                float[] u = LinearModel.unit(vector);
                examples.add(new LinearModel.Example(u, 1, weight));
                liked.add(new Liked(p.id(), p.title(), u, why));
            }
            for (Author a : p.authors()) {
                coauthors.merge(a.name(), 1, Integer::sum);
                coauthorPaper.putIfAbsent(a.name(), p.title());
            }
            return this;
        }

        /** A paper the reader said "not interested" to. */
        public Builder dislike(float[] vector) {
            if (vector != null && vector.length == dim) {
                examples.add(new LinearModel.Example(LinearModel.unit(vector), -1, DISMISSAL_WEIGHT));
            }
            return this;
        }

        /** A paper the reader could have picked and did not (they are many, each weighs little). */
        public Builder background(float[] vector) {
            if (vector != null && vector.length == dim) {
                examples.add(new LinearModel.Example(LinearModel.unit(vector), -1, 1));
            }
            return this;
        }

        public Builder follow(Set<String> authors, Set<String> organizations) {
            followedAuthors.addAll(authors);
            followedOrgs.addAll(organizations);
            return this;
        }

        /** An author name that is no signal (the bench's simulated reader is on all their own papers). */
        public Builder ignoreAuthor(String name) {
            ignored.add(name);
            return this;
        }

        public Builder weights(Weights w) {
            this.weights = w;
            return this;
        }

        public List<LinearModel.Example> examples() {
            return List.copyOf(examples);
        }

        public Taste build() {
            Map<String, Integer> authors = new HashMap<>(coauthors);
            authors.keySet().removeAll(ignored);
            LinearModel model = LinearModel.fit(weights.fit(), examples, dim);
            return new Taste(model, List.copyOf(liked), Map.copyOf(authors), Map.copyOf(coauthorPaper),
                    Set.copyOf(followedAuthors), Set.copyOf(followedOrgs), weights, Map.copyOf(topics));
        }
    }
}
