import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import papers.ingest.HfDailyReader;
import papers.ingest.RecordSink;
import papers.paper.Paper;

/**
 * Makes a corpus of any size from real papers by recombining their sentences and title fragments, so that words,
 * their frequencies and their co-occurrence within a sentence stay those of real abstracts. Paper {@code i} is a pure
 * function of (seed, i): it is made on demand, nothing is held per generated paper (a million papers stream through
 * in constant memory, from any number of threads).
 *
 * <p>Each generated paper has a base paper (a real one, drawn at random): it keeps the base's first sentence, about
 * half of its other sentences (in place), the base's authors, organization, day and upvotes, and a title made of a
 * fragment of the base's title and one of another title. The other sentences come from random papers. AI summaries and
 * keywords are left out: they describe the real paper, not the recombined one. Ids are valid new-style arXiv ids,
 * {@code YYMM.NNNNN}, 90,000 a month from January 2015.
 *
 * <p>Run alone ({@code java ... bench/CorpusGenerator.java FILE N}) it prints N generated papers as text, to look at.
 */
public class CorpusGenerator {

    private static final int PER_MONTH = 90_000;

    private final List<Paper> real;
    private final String[][] sentences;   // per real paper
    private final String[][] titleParts;  // per real paper: {head, tail}
    private final long seed;

    CorpusGenerator(List<Paper> real, long seed) {
        this.real = List.copyOf(real);
        this.seed = seed;
        this.sentences = new String[real.size()][];
        this.titleParts = new String[real.size()][];
        for (int i = 0; i < real.size(); i++) {
            Paper p = real.get(i);
            String abs = p.abstractText().replaceAll("\\s+", " ").trim();
            sentences[i] = abs.isEmpty() ? new String[] {p.title()} : abs.split("(?<=[.!?])\\s+(?=[A-Z(\\[])");
            titleParts[i] = split(p.title().replaceAll("\\s+", " ").trim());
        }
    }

    /** Reads the real papers of a Hugging Face daily-papers JSONL file. */
    static List<Paper> readReal(Path file) throws Exception {
        List<Paper> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            new HfDailyReader(null).read(in, new RecordSink() {
                public void accept(Paper p) { out.add(p); }
                public void reject(String where, String reason) { }
            });
        }
        // Deduplicate by id, keeping the first: a paper listed twice would weigh double.
        java.util.Map<String, Paper> byId = new java.util.LinkedHashMap<>();
        for (Paper p : out) {
            byId.putIfAbsent(p.id(), p);
        }
        return new ArrayList<>(byId.values());
    }

    /** "Name: what it does" splits at the colon; otherwise at the middle word. */
    private static String[] split(String title) {
        int colon = title.indexOf(": ");
        if (colon > 0) {
            return new String[] {title.substring(0, colon) + ":", title.substring(colon + 2)};
        }
        String[] words = title.split(" ");
        int mid = Math.max(1, words.length / 2);
        return new String[] {String.join(" ", java.util.Arrays.copyOfRange(words, 0, mid)),
                String.join(" ", java.util.Arrays.copyOfRange(words, mid, words.length))};
    }

    int realCount() {
        return real.size();
    }

    Paper realPaper(int i) {
        return real.get(i);
    }

    /** The real paper generated paper {@code i} is based on (its vector is derived from that paper's embedding). */
    int baseOf(long i) {
        return random(i).nextInt(real.size());
    }

    private SplittableRandom random(long i) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    }

    static String idOf(long i) {
        long month = i / PER_MONTH;
        int year = 15 + (int) (month / 12);
        int mon = 1 + (int) (month % 12);
        return String.format("%02d%02d.%05d", year, mon, i % PER_MONTH + 1);
    }

    Paper paper(long i) {
        SplittableRandom r = random(i);
        int b = r.nextInt(real.size()); // first draw: the same as baseOf(i)
        Paper base = real.get(b);
        String[] own = sentences[b];
        String title;
        int other = r.nextInt(real.size());
        title = r.nextBoolean()
                ? titleParts[b][0] + " " + titleParts[other][1]
                : titleParts[other][0] + " " + titleParts[b][1];
        int n = Math.max(3, Math.min(12, own.length + r.nextInt(3) - 1));
        StringBuilder abs = new StringBuilder(own[0]);
        for (int s = 1; s < n; s++) {
            String sentence;
            if (s < own.length && r.nextBoolean()) {
                sentence = own[s];
            } else {
                String[] from = sentences[r.nextInt(real.size())];
                sentence = from[r.nextInt(from.length)];
            }
            abs.append(' ').append(sentence);
        }
        return Paper.of(idOf(i), null, title.trim(), abs.toString(), base.authors(), base.publishedAt())
                .withListing(base.listedOn(), null)
                .withCommunity(base.organization(), base.upvotes(), 0, null, null);
    }

    /**
     * A unit vector near {@code baseVector}: Gaussian noise of norm about {@code noise} added, then normalised
     * (noise 0.5 gives a cosine of about 0.9 to the base), deterministic in (seed, i).
     */
    static float[] noisy(float[] baseVector, long seed, long i, double noise) {
        Random r = new Random(seed * 31 + i);
        double sigma = noise / Math.sqrt(baseVector.length);
        float[] v = new float[baseVector.length];
        double sum = 0;
        for (int d = 0; d < v.length; d++) {
            v[d] = (float) (baseVector[d] + r.nextGaussian() * sigma);
            sum += v[d] * v[d];
        }
        float inv = (float) (1 / Math.sqrt(sum));
        for (int d = 0; d < v.length; d++) {
            v[d] *= inv;
        }
        return v;
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "../shared/data/hf-daily-papers.jsonl");
        if (!Files.exists(file)) {
            System.out.println("skipped: " + file + " is missing (it lives in the shared data folder, not in a clone)");
            return;
        }
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        CorpusGenerator g = new CorpusGenerator(readReal(file), 1);
        for (long i = 0; i < n; i++) {
            Paper p = g.paper(i);
            System.out.printf("%s  %s%n%s%n%n", p.id(), p.title(), p.abstractText());
        }
    }
}
