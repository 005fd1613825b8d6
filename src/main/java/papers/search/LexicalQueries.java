package papers.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.QueryBuilder;

/**
 * Turns a {@link SearchQuery} into the Lucene queries that find and rank papers, in two passes. The first finds the
 * candidates: one flat disjunction of one clause per distinct word, its stem in the combined text (plus the word in an
 * organization's name), so that Lucene's top-k pruning (MaxScore) skips most of a million papers. A word in more than
 * {@value #COMMON_SHARE} of the papers ("model", "using") leaves the finding to the rarer words of the query, except
 * that the {@value #MIN_FINDERS} rarest always find, and at most the {@value #MAX_FINDERS} rarest find. The second
 * pass ({@link Built#rescore}) adds to the {@value Retrieval#RESCORED} best candidates only: the common words'
 * stems, every word as written in the combined text, in the title and in an author's name, and a sloppy phrase per
 * pair of adjacent words (proximity), each weighted by {@link Ranking}, and scored by {@link SecondPass} (each term's
 * postings walked once, and a common word read from each candidate's {@link WordList} instead). A candidate's score is
 * the same sum as if all clauses had been one query (what {@link ScoreParts} re-scores), but positions and long
 * postings are read for a few hundred papers instead of every paper holding two common words: at 1M papers the one
 * query took 26 ms at p50 and 93 ms at p99. A word found nowhere is looked up fuzzily (a typo of a half-remembered
 * title). Quoted phrases, {@code author:} and {@code org:} terms are required; {@code -words} excluded; filters never
 * score.
 */
final class LexicalQueries {

    /** Adjacent query words count as near when at most this many positions apart (stop words dropped between). */
    static final int PROXIMITY_SLOP = 3;
    /** A word found in no paper matches words this many edits away (2 for words of 6 letters or more, else 1). */
    private static final int FUZZY_PREFIX = 1;
    private static final int FUZZY_EXPANSIONS = 10;
    /**
     * A word in more than this share of the papers ("model", "language", "using") does not find candidates when the
     * query has a rarer word: it only adds to the score of those the rarer words found. Its postings are the longest
     * and it weighs least (low idf), so leaving it out of the first pass is where Lucene's top-k pruning gains most.
     */
    static final double COMMON_SHARE = 0.05;
    /** However common, a query's this many rarest words find (see {@link #commonWords}). */
    static final int MIN_FINDERS = 4;
    /**
     * At most this many of a query's rarest words find; the others add to the score of what they found (a pasted
     * abstract does not become a disjunction of a hundred clauses). Measured by {@code bench/search-eval fit}: 12 and
     * 14 change no kind's relevance (held out 0.900 / 0.973, as with no cap), 10 costs recall (0.968 held out).
     */
    static final int MAX_FINDERS = 12;
    /** Weight of a word found in an organization's name (the organization is not part of the combined text). */
    static final float ORG_WEIGHT = 0.3f;

    private final Analyzer analyzer;

    LexicalQueries(Analyzer analyzer) {
        this.analyzer = analyzer;
    }

    /**
     * A built query: {@code query} finds the candidates, {@code rescore} (null when none) adds its clauses' scores to
     * the first pass's best ({@link #rescored}); and its free words for {@link Coverage}: each
     * word's terms (a paper holds the word when it has any of them) and weight (idf). No words when the query has none
     * (phrases, names and ids have no floor).
     */
    record Built(Query query, SecondPass rescore, List<Term[]> words, List<Float> weights, TermLookups terms) {

        /** A query put together by hand (tests): its terms are looked up when used. */
        Built(Query query, SecondPass rescore, List<Term[]> words, List<Float> weights) {
            this(query, rescore, words, weights, null);
        }

        /** The lookups made while building, when made on {@code searcher}; fresh ones otherwise. */
        TermLookups termsFor(IndexSearcher searcher) {
            return terms != null && terms.searcher() == searcher ? terms : new TermLookups(searcher);
        }
    }

    /** {@code q}'s queries on {@code searcher}'s index (the words' statistics decide which words find). */
    Built build(SearchQuery q, SearchFilters f, Ranking r, IndexSearcher searcher) throws IOException {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        TermLookups terms = new TermLookups(searcher);
        if (q.isIdLookup()) {
            // An id goes straight to its paper, whatever the filters say.
            return new Built(new TermQuery(new Term(PaperDocument.ID, q.arxivId().id())), null, List.of(), List.of(),
                    terms);
        }
        QueryBuilder builder = new QueryBuilder(analyzer);
        boolean scored = false;
        List<Term[]> held = new ArrayList<>();
        List<Float> weights = new ArrayList<>();
        SecondPass rescore = new SecondPass();
        Query words = words(q.terms(), r, terms, held, weights, rescore);
        if (words != null) {
            b.add(words, BooleanClause.Occur.MUST);
            scored = true;
        }
        for (String phrase : q.phrases()) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            boolean added = false;
            for (String field : List.of(PaperDocument.STEMMED, PaperDocument.KEYWORDS)) {
                Query pq = builder.createPhraseQuery(field, phrase);
                if (pq != null) {
                    any.add(pq, BooleanClause.Occur.SHOULD);
                    added = true;
                }
            }
            // A phrase of stop words only ("the of") analyses to nothing and cannot match.
            b.add(added ? any.build() : new MatchNoDocsQuery(), BooleanClause.Occur.MUST);
            scored = true;
        }
        for (String author : q.authors()) {
            Query aq = builder.createPhraseQuery(PaperDocument.AUTHORS, author);
            b.add(aq == null ? new MatchNoDocsQuery() : aq, BooleanClause.Occur.MUST);
            scored = true;
        }
        for (String org : q.organizations()) {
            Query oq = builder.createPhraseQuery(PaperDocument.ORG, org);
            b.add(oq == null ? new MatchNoDocsQuery() : oq, BooleanClause.Occur.MUST);
            scored = true;
        }
        for (String word : q.excluded()) {
            for (String field : List.of(PaperDocument.STEMMED, PaperDocument.KEYWORDS)) {
                Query eq = builder.createPhraseQuery(field, word);
                if (eq != null) {
                    b.add(eq, BooleanClause.Occur.MUST_NOT);
                }
            }
        }
        if (!scored) {
            // Only stop words or nothing: with no scored clause, an empty query browses, otherwise nothing matches.
            b.add(q.isEmpty() ? MatchAllDocsQuery.INSTANCE : new MatchNoDocsQuery(), BooleanClause.Occur.MUST);
        }
        addFilters(b, f);
        rescore.hold(held, weights);
        return new Built(b.build(), rescore.isEmpty() && held.isEmpty() ? null : rescore, held, weights, terms);
    }

    /** Lucene's order of hits: higher score first, ties by doc id. */
    static final Comparator<ScoreDoc> BEST_FIRST = (a, b) -> a.score != b.score ? Float.compare(b.score, a.score)
            : Integer.compare(a.doc, b.doc);

    /**
     * The {@code n} best of a first pass ({@code top}, ties by doc id as Lucene orders them) after the second pass
     * added its scores, and the {@link Coverage} the second pass measured on its way, of every candidate it scored
     * (empty when it had nothing to walk).
     */
    record Rescored(TopDocs top, Map<Integer, Float> coverage) {
    }

    /** {@code q}'s first pass {@code first} rescored by its second pass, the {@code n} best kept. */
    static Rescored rescored(IndexSearcher searcher, Built q, TopDocs first, int n) throws IOException {
        ScoreDoc[] hits = first.scoreDocs;
        Map<Integer, Float> coverage = Map.of();
        if (q.rescore() != null && hits.length > 0) {
            hits = SecondPass.byDoc(hits);
            float[] held = q.rescore().addTo(q.termsFor(searcher), hits);
            if (held != null) {
                coverage = new HashMap<>();
                for (int i = 0; i < hits.length; i++) {
                    coverage.put(hits[i].doc, held[i]);
                }
            }
        }
        ScoreDoc[] ranked = hits.clone();
        Arrays.sort(ranked, BEST_FIRST);
        return new Rescored(new TopDocs(first.totalHits, Arrays.copyOf(ranked, Math.min(n, ranked.length))),
                coverage);
    }

    /**
     * The free words' disjunction, or null when they analyse to nothing (stop words only); the clauses of the second
     * pass go to {@code rescore}.
     */
    private Query words(List<String> words, Ranking r, TermLookups terms, List<Term[]> held, List<Float> weights,
                        SecondPass rescore) throws IOException {
        if (words.isEmpty()) {
            return null;
        }
        IndexReader reader = terms.searcher().getIndexReader();
        List<String> plain = tokens(PaperDocument.TEXT, String.join(" ", words));
        if (plain.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        Set<String> distinct = new LinkedHashSet<>(plain); // a repeated word counts once
        Map<String, Term> stemOf = new HashMap<>();
        Map<String, Long> papersWith = new HashMap<>();
        for (String word : distinct) {
            List<String> stems = tokens(PaperDocument.STEMMED, word);
            Term stemmed = new Term(PaperDocument.STEMMED, stems.isEmpty() ? word : stems.getFirst());
            stemOf.put(word, stemmed);
            papersWith.put(word, (long) terms.docFreq(stemmed));
        }
        Set<String> commonWords = commonWords(distinct, papersWith, reader.numDocs());
        for (String word : distinct) {
            Term exact = new Term(PaperDocument.TEXT, word);
            Term stemmed = stemOf.get(word);
            if (papersWith.get(word) == 0 && terms.docFreq(exact) == 0
                    && terms.docFreq(new Term(PaperDocument.ORG, word)) == 0 && reader.numDocs() > 0) {
                // Found nowhere: a typo or a misremembered word; its near spellings stand in for it.
                List<Term> near = nearSpellings(reader, exact);
                float weight = 0;
                for (Term t : near) {
                    any.add(new TermQuery(t, terms.states(t)), BooleanClause.Occur.SHOULD);
                    weight = Math.max(weight, terms.idf(t));
                }
                if (!near.isEmpty()) {
                    held.add(near.toArray(Term[]::new));
                    weights.add(weight);
                }
                continue;
            }
            Term org = new Term(PaperDocument.ORG, word);
            held.add(new Term[] {stemmed, org});
            weights.add(Math.max(terms.idf(stemmed), terms.idf(org)));
            // The stem finds (its postings hold every paper the word's other clauses could match), unless the word
            // is common and a rarer one finds: then it only adds its stem's score to what the rarer ones found.
            if (commonWords.contains(word)) {
                rescore.word(stemmed, r.stemmed());
            } else {
                add(any, new TermQuery(stemmed, terms.states(stemmed)), r.stemmed());
            }
            add(any, new TermQuery(org, terms.states(org)), ORG_WEIGHT);
            rescore.word(exact, r.exact());
            rescore.word(new Term(PaperDocument.TITLE, word), r.title());
            rescore.word(new Term(PaperDocument.AUTHORS, word), r.author());
        }
        for (int i = 0; i + 1 < plain.size(); i++) {
            rescore.near(PaperDocument.TEXT, plain.get(i), plain.get(i + 1), r.proximity());
        }
        BooleanQuery built = any.build();
        return built.clauses().isEmpty() ? new MatchNoDocsQuery() : built;
    }

    /**
     * Words of the combined text within 1 edit of {@code t} (2 for words of 6 letters or more), first letter kept:
     * the {@value #FUZZY_EXPANSIONS} closest, commonest first. None for words under 4 letters.
     */
    private static List<Term> nearSpellings(IndexReader reader, Term t) throws IOException {
        String word = t.text();
        org.apache.lucene.index.Terms terms = org.apache.lucene.index.MultiTerms.getTerms(reader, t.field());
        if (word.length() < 4 || terms == null) {
            return List.of();
        }
        record Near(Term term, float closeness, int docs) {
        }
        List<Near> found = new ArrayList<>();
        org.apache.lucene.search.FuzzyTermsEnum fuzzy = new org.apache.lucene.search.FuzzyTermsEnum(terms, t,
                word.length() >= 6 ? 2 : 1, FUZZY_PREFIX, true);
        for (org.apache.lucene.util.BytesRef b = fuzzy.next(); b != null; b = fuzzy.next()) {
            found.add(new Near(new Term(t.field(), org.apache.lucene.util.BytesRef.deepCopyOf(b)), fuzzy.getBoost(),
                    fuzzy.docFreq()));
        }
        found.sort(java.util.Comparator.comparingDouble((Near n) -> -n.closeness()).thenComparingInt(n -> -n.docs()));
        return found.stream().limit(FUZZY_EXPANSIONS).map(Near::term).toList();
    }

    /**
     * The words that do not find candidates, only add their stem's score to what the others found: those in more than
     * {@link #COMMON_SHARE} of the {@code papers} and those past the {@link #MAX_FINDERS} rarest, except the
     * {@link #MIN_FINDERS} rarest (a long query of common words must still find with some, and not with all of them).
     */
    static Set<String> commonWords(Set<String> words, Map<String, Long> papersWith, long papers) {
        long common = (long) (COMMON_SHARE * papers);
        Set<String> out = new HashSet<>();
        words.stream().filter(w -> papersWith.get(w) > common).forEach(out::add);
        List<String> rarestFirst = words.stream().filter(w -> papersWith.get(w) > 0)
                .sorted(Comparator.comparingLong(papersWith::get)).toList();
        out.addAll(rarestFirst.subList(Math.min(MAX_FINDERS, rarestFirst.size()), rarestFirst.size()));
        out.removeAll(rarestFirst.subList(0, Math.min(MIN_FINDERS, rarestFirst.size())));
        return out;
    }

    private static void add(BooleanQuery.Builder b, Query q, float weight) {
        if (weight > 0) {
            b.add(weight == 1f ? q : new BoostQuery(q, weight), BooleanClause.Occur.SHOULD);
        }
    }

    /** The analysed tokens of {@code text} as {@code field} indexes them. */
    List<String> tokens(String field, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Adds the filters as non-scoring clauses; whether there were any. */
    static boolean addFilters(BooleanQuery.Builder b, SearchFilters f) {
        boolean any = false;
        if (f.from() != null || f.to() != null) {
            long lo = f.from() == null ? Long.MIN_VALUE + 1 : f.from().toEpochDay();
            long hi = f.to() == null ? Long.MAX_VALUE : f.to().toEpochDay();
            b.add(LongPoint.newRangeQuery(PaperDocument.DAY, lo, hi), BooleanClause.Occur.FILTER);
            any = true;
        }
        if (f.organization() != null) {
            b.add(new TermQuery(new Term(PaperDocument.ORG_EXACT, f.organization().toLowerCase(Locale.ROOT))),
                    BooleanClause.Occur.FILTER);
            any = true;
        }
        if (f.minUpvotes() > 0) {
            b.add(IntPoint.newRangeQuery(PaperDocument.UPVOTES, f.minUpvotes(), Integer.MAX_VALUE),
                    BooleanClause.Occur.FILTER);
            any = true;
        }
        if (f.category() != null) {
            b.add(new TermQuery(new Term(PaperDocument.CATEGORY, f.category())), BooleanClause.Occur.FILTER);
            any = true;
        }
        if (f.hasCode()) {
            b.add(new TermQuery(new Term(PaperDocument.HAS_CODE, "y")), BooleanClause.Occur.FILTER);
            any = true;
        }
        SearchFilters.Excluded out = f.excluded();
        if (!out.isEmpty()) {
            b.add(MatchAllDocsQuery.INSTANCE, BooleanClause.Occur.FILTER); // a filter of exclusions alone matches
            for (String c : out.categories()) {
                b.add(new TermQuery(new Term(PaperDocument.CATEGORY, c)), BooleanClause.Occur.MUST_NOT);
            }
            for (String a : out.authors()) {
                b.add(new TermQuery(new Term(PaperDocument.AUTHOR_EXACT, a)), BooleanClause.Occur.MUST_NOT);
            }
            for (String w : out.words()) { // "self-supervised" is the phrase "self supervised" in the index
                Query q = EXCLUDED_WORDS.createPhraseQuery(PaperDocument.TEXT, w);
                if (q != null) { // a stop word is not in the index: nothing to leave out by it
                    b.add(q, BooleanClause.Occur.MUST_NOT);
                }
            }
            any = true;
        }
        return any;
    }

    /** Reads an excluded word as the index read the text (word for word, lower-cased). */
    private static final QueryBuilder EXCLUDED_WORDS = new QueryBuilder(PaperDocument.analyzer());
}
