package papers.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.App;
import papers.paper.Paper;
import papers.support.TestStores;

/** Search with the real embedding model over the 68 fixture papers (about half a second of embedding). */
class SearchServiceTest {

    @TempDir
    static Path home;
    static App app;
    static SearchService search;

    @BeforeAll
    static void embedAndIndex() throws Exception {
        app = SearchFixtures.appWithPapers(home);
        assertThat(app.searchParts().embeddingWorker().embedMissing(Progress.NONE)).isEqualTo(SearchFixtures.PAPERS);
        assertThat(app.searchParts().embedder().textsEmbedded()).as("one embedding per paper").isEqualTo(SearchFixtures.PAPERS);
        // DJL reads its cache folder once per JVM: the first test class to load the model picks the PAPERS_HOME.
        Path djl = Path.of(System.getProperty("DJL_CACHE_DIR"));
        assertThat(djl.toString()).as("DJL's files stay in a PAPERS_HOME").endsWith("cache/djl");
        assertThat(djl).isNotEqualTo(Path.of(System.getProperty("user.home"), ".djl.ai"));
        app.searchParts().indexFollower().rebuild(Progress.NONE);
        search = app.searchParts().service();
    }

    @AfterAll
    static void close() {
        app.close();
    }

    @Test
    void embeddingsAreStoredAndReusedByReindex() {
        assertThat(app.embeddings().count()).isEqualTo(SearchFixtures.PAPERS);
        assertThat(app.embeddings().missingIds(10)).isEmpty();
        long computed = app.searchParts().embedder().textsEmbedded();
        assertThat(app.searchParts().indexFollower().rebuild(Progress.NONE)).isEqualTo(SearchFixtures.PAPERS);
        assertThat(app.searchParts().index().vectorCount()).isEqualTo(SearchFixtures.PAPERS);
        assertThat(app.searchParts().embedder().textsEmbedded()).as("reindex computes nothing").isEqualTo(computed);
        assertThat(app.searchParts().embeddingWorker().embedMissing(Progress.NONE)).isZero();
        assertThat(app.searchParts().embedder().textsEmbedded()).isEqualTo(computed);
    }

    @Test
    void aDescriptionFindsThePaperWithoutItsTitleWords() {
        // The example: the paper is "What Matters in Transformers? Not All Attention is Needed".
        SearchResults r = search.search("dropping attention layers from a large language model",
                SearchFilters.none(), SearchSort.RELEVANCE, 1, 10);
        assertThat(r.ids().subList(0, 3)).contains("2406.15786");
        assertThat(r.hits().getFirst().snippetHtml()).contains("<mark>");
    }

    @Test
    void hybridReturnsWhatLexicalAndVectorEachFindFirst() {
        String text = "making neural networks cheaper to run on phones";
        SearchQuery q = SearchQuery.parse(text);
        float[] v = app.searchParts().embedder().embed(q.freeText());
        SearchIndex index = app.searchParts().index();
        String lexicalBest = index.lexical(q, SearchFilters.none(), SearchSort.RELEVANCE, 1, 1).ids().getFirst();
        String vectorBest = index.vector(v, SearchFilters.none(), 1, 1).ids().getFirst();
        SearchService noFloor = search.withRanking(Ranking.SHIPPED.withFloor(0));
        SearchResults hybrid = noFloor.search(text, SearchFilters.none(), SearchSort.RELEVANCE, 1, 120);
        // Both sides' best are among the fused candidates near the top, and the union holds every lexical match.
        assertThat(hybrid.ids().subList(0, 5)).contains(lexicalBest);
        assertThat(hybrid.ids()).contains(vectorBest);
        assertThat(hybrid.total()).isGreaterThanOrEqualTo(index.lexical(q, SearchFilters.none(),
                SearchSort.RELEVANCE, 1, 120, Ranking.SHIPPED.withFloor(0)).hits().size());
        // The shipped floor counts only what it shows: fewer, all of them listed.
        SearchResults floored = search.search(text, SearchFilters.none(), SearchSort.RELEVANCE, 1, 120);
        assertThat(floored.total()).isLessThan(hybrid.total()).isEqualTo(floored.hits().size());
    }

    @Test
    void vectorSearchRespectsFilters() {
        float[] v = app.searchParts().embedder().embed("autonomous agents that use tools");
        SearchResults r = app.searchParts().index().vector(v, new SearchFilters(null, null, null, 30), 1, 10);
        assertThat(r.hits()).isNotEmpty().allSatisfy(h -> assertThat(h.upvotes()).isGreaterThanOrEqualTo(30));
    }

    @Test
    void similarPapersAreTheNearestByEmbedding() {
        List<SearchHit> similar = search.similar("https://arxiv.org/abs/2410.19123v1", 5);
        assertThat(similar).hasSize(5).extracting(SearchHit::id).doesNotContain("2410.19123");
        assertThat(similar).extracting(SearchHit::score).isSortedAccordingTo(Comparator.reverseOrder());
        // Brute force over the stored embeddings: the index's nearest must be among the true three nearest.
        Map<String, float[]> all = app.embeddings().get(app.papers().findAll(
                app.searchParts().index().lexical(SearchQuery.all(), SearchFilters.none(), SearchSort.RELEVANCE, 1, 100).ids())
                .keySet());
        float[] me = all.get("2410.19123");
        List<String> trueNearest = all.entrySet().stream().filter(e -> !e.getKey().equals("2410.19123"))
                .sorted(Comparator.comparingDouble(e -> -dot(me, e.getValue()))).map(Map.Entry::getKey)
                .limit(3).toList();
        assertThat(trueNearest).contains(similar.getFirst().id());
        assertThat(search.similar("2410.19123", 1)).hasSize(1);
        assertThatThrownBy(() -> search.similar("not-an-id", 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> search.similar("2410.19123", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(search.similar("2401.99999", 5)).as("unknown paper").isEmpty();
    }

    @Test
    void badQueriesThroughTheServiceGiveResultsOrIllegalArgument() {
        for (String q : List.of("\"unbalanced", "(attention", "a\u0000b")) {
            assertThatCode(() -> search.search(q, SearchFilters.none(), SearchSort.RELEVANCE, 1, 20)).as(q)
                    .doesNotThrowAnyException();
        }
        for (String q : List.of("-", "🤖", "*:*", "author:", "org:\"", "\"\"\"", "[]{}^~")) {
            assertThatThrownBy(() -> search.search(q, SearchFilters.none(), SearchSort.RELEVANCE, 1, 20)).as(q)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the query has no words to search for");
        }
        assertThatThrownBy(() -> search.search("x".repeat(10_000), SearchFilters.none(), SearchSort.RELEVANCE, 1, 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the query is too long (10000 characters)");
    }

    /**
     * The index follows the change log and takes the embedding worker's vectors. The test drives both (the follower's
     * poll, the worker's round) instead of waiting for their threads, so nothing here depends on the machine's speed.
     */
    @Test
    void importsReachTheIndexAtTheFollowersPollAndGetVectorsFromTheWorker() throws Exception {
        Path otherHome = home.resolve("live");
        try (App live = SearchFixtures.appWithPapers(otherHome)) {
            assertThat(live.searchParts().indexFollower().rebuildIfEmpty(Progress.NONE)).isTrue(); // no vectors yet
            live.searchParts().indexFollower().start(live.changeFollower()); // follows the store, as serve does
            SearchService s = live.searchParts().service();
            assertThat(s.search("ConvLLaVA", SearchFilters.none(), SearchSort.RELEVANCE, 1, 5).hits()).isEmpty();
            SearchFixtures.importFixture(live, "hf-daily-papers-2024-05-27.json"); // ConvLLaVA among them
            live.changeFollower().poll(); // what the follower's thread does within 250 ms, done here and now
            assertThat(lexical(live, "ConvLLaVA")).containsExactly("2405.15738");

            assertThat(live.searchParts().index().vectorCount()).isZero();
            // One round of the worker (its thread is not started here); it reports the papers to the index follower.
            assertThat(live.searchParts().embeddingWorker().embedMissing(Progress.NONE)).isEqualTo(SearchFixtures.PAPERS + 13);
            live.changeFollower().poll(); // the follower's next round adds the reported vectors
            assertThat(live.searchParts().index().vectorCount()).isEqualTo(SearchFixtures.PAPERS + 13);
            assertThat(s.similar("2405.15738", 3)).hasSize(3);

            // A changed abstract drops the stale embedding; the worker embeds the new text and the index follows.
            Paper p = live.papers().find("2405.15738").orElseThrow();
            live.papers().upsert(List.of(Paper.of(p.id(), 9, p.title(), "A new abstract about quokkas.",
                    p.authors(), p.publishedAt())));
            assertThat(live.embeddings().count()).isEqualTo(SearchFixtures.PAPERS + 12);
            live.changeFollower().poll();
            assertThat(lexical(live, "quokkas")).containsExactly("2405.15738");
            assertThat(live.searchParts().embeddingWorker().embedMissing(Progress.NONE)).isEqualTo(1);
            live.changeFollower().poll();
            assertThat(live.embeddings().count()).isEqualTo(SearchFixtures.PAPERS + 13);
            assertThat(live.searchParts().index().vectorCount()).isEqualTo(SearchFixtures.PAPERS + 13);
        }
    }

    private static List<String> lexical(App app, String query) {
        return app.searchParts().index().lexical(SearchQuery.parse(query), SearchFilters.none(), SearchSort.RELEVANCE, 1, 5)
                .ids();
    }

    @Test
    void aDeletedIndexIsRebuiltOnStart() throws Exception {
        Path otherHome = home.resolve("rebuild");
        try (App first = SearchFixtures.appWithPapers(otherHome)) {
            first.searchParts().indexFollower().rebuild(Progress.NONE);
        }
        try (Stream<Path> files = Files.walk(otherHome.resolve("index"))) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        try (App again = App.open(TestStores.sqliteConfig(otherHome))) {
            assertThat(again.searchParts().indexFollower().rebuildIfEmpty(Progress.NONE)).isTrue();
            assertThat(again.searchParts().index().size()).isEqualTo(SearchFixtures.PAPERS);
            assertThat(again.searchParts().service().search("author:\"Shwai He\"", SearchFilters.none(), SearchSort.RELEVANCE, 1, 5)
                    .ids()).containsExactly("2406.15786");
        }
    }

    @Test
    void aSecondProcessSearchesTheIndexReadOnlyWhileServeWritesIt() throws Exception {
        Path otherHome = home.resolve("shared");
        try (App serve = SearchFixtures.appWithPapers(otherHome)) {
            serve.searchParts().indexFollower().rebuild(Progress.NONE);
            try (App cli = App.open(TestStores.sqliteConfig(otherHome))) {
                assertThatThrownBy(cli.searchParts()::index).isInstanceOf(SearchIndex.IndexInUseException.class)
                        .hasMessageContaining("papers serve");
                assertThat(cli.searchParts().useIndexReadOnly()).isTrue();
                assertThat(cli.searchParts().index().isReadOnly()).isTrue();
                assertThat(cli.searchParts().index().appliedSeq()).isEqualTo(serve.searchParts().index().appliedSeq());
                assertThat(cli.searchParts().service().search("org:google", SearchFilters.none(), SearchSort.RELEVANCE, 1, 5).ids())
                        .containsExactly("2608.19880");
                SearchFixtures.importFixture(serve, "hf-daily-papers-2024-05-27.json");
                serve.searchParts().indexFollower().catchUp();
                cli.searchParts().index().refresh();
                assertThat(cli.searchParts().index().size()).isEqualTo(SearchFixtures.PAPERS + 13);
                assertThatThrownBy(() -> cli.searchParts().index().commit(1)).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void warmUpSearchesTheIndexsOwnTextHybridAndLexicalUntilItsCount() {
        List<String[]> texts = app.searchParts().index().sampleTexts(10);
        assertThat(texts).hasSize(10);
        List<String> titles = texts.stream().map(t -> t[0]).toList();
        assertThat(titles).doesNotHaveDuplicates();
        for (String title : titles) { // each is an indexed paper's title: a title search finds it first
            String q = SearchWarmup.firstWords(title, SearchWarmup.QUERY_WORDS);
            String first = search.index().lexical(SearchQuery.parse(q), SearchFilters.none(), SearchSort.RELEVANCE,
                    1, 1).hits().getFirst().title();
            assertThat(first).as(q).isEqualTo(title);
        }
        assertThat(app.searchParts().index().sampleTexts(1000)).as("every paper once").hasSize(SearchFixtures.PAPERS);

        long embedded = app.searchParts().embedder().textsEmbedded();
        List<String> progress = new java.util.ArrayList<>();
        SearchWarmup.Result r = SearchWarmup.run(search, 200, () -> false, (done, total) -> progress.add(done + "/"
                + total));
        assertThat(r.searches()).isEqualTo(200);
        assertThat(progress).containsExactly("0/200", "100/200", "200/200");
        // Half of the searches go through the service by relevance: their queries are embedded (hybrid).
        assertThat(app.searchParts().embedder().textsEmbedded()).isGreaterThan(embedded);
    }

    @Test
    void warmUpStopsWhenAskedAndIsSizedByTheIndex() {
        int[] asked = {0};
        SearchWarmup.Result r = SearchWarmup.run(search, 50, () -> ++asked[0] > 7, Progress.NONE);
        assertThat(r.searches()).isEqualTo(7);
        List<Long> told = new java.util.ArrayList<>();
        assertThat(SearchWarmup.run(search, () -> false, (done, total) -> told.add(total)).searches())
                .as("68 papers: cold is fast").isZero();
        assertThat(told).as("no warm-up, no progress (the start-up shows none)").isEmpty();
        assertThat(SearchWarmup.searchesFor(2_270)).as("the demo").isZero();
        assertThat(SearchWarmup.searchesFor(50_000)).isEqualTo(100);
        assertThat(SearchWarmup.searchesFor(100_000)).isEqualTo(200);
        assertThat(SearchWarmup.searchesFor(3_000_000)).isEqualTo(SearchWarmup.MAX_SEARCHES);
    }

    @Test
    void warmUpQueriesAreTheFirstWordsWithoutQuerySyntax() {
        assertThat(SearchWarmup.firstWords("\"Attention\" is: all (you) need -- really", 4))
                .isEqualTo("Attention is all you");
        assertThat(SearchWarmup.firstWords("-free lunch, co-training", 5)).isEqualTo("free lunch, co-training");
        assertThat(SearchWarmup.queries(List.<String[]>of(new String[] {"A title", "An abstract. More."},
                new String[] {"Speculative decoding", ""}))).containsExactly("A title", "An abstract. More.",
                "Speculative decoding", "Specluative decoding");
        // A long abstract also gives the passage after its beginning, 24 words.
        String abs = java.util.stream.IntStream.rangeClosed(1, 40).mapToObj(i -> "w" + i)
                .collect(java.util.stream.Collectors.joining(" "));
        assertThat(SearchWarmup.queries(List.<String[]>of(new String[] {"T", abs}))).containsExactly("T",
                "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12",
                "w13 w14 w15 w16 w17 w18 w19 w20 w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 w31 w32 w33 w34 w35 w36");
        assertThat(SearchWarmup.misspelt("Attention is all you need")).isEqualTo("Attnetion is all you need");
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
