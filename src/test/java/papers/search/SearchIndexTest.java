package papers.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.App;
import papers.paper.Author;
import papers.paper.Paper;

/** The lexical side of search over the real fixture papers (no embeddings: vectors here are made up). */
class SearchIndexTest {

    @TempDir
    static Path home;
    static App app;
    static SearchIndex index;

    @BeforeAll
    static void build() throws Exception {
        app = SearchFixtures.appWithPapers(home);
        app.searchParts().indexFollower().rebuild(Progress.NONE);
        index = app.searchParts().index();
    }

    @AfterAll
    static void close() {
        app.close();
    }

    private static SearchResults lexical(String text) {
        return index.lexical(SearchQuery.parse(text), SearchFilters.none(), SearchSort.RELEVANCE, 1, 20);
    }

    @Test
    void everyPaperIsIndexed() {
        assertThat(index.size()).isEqualTo(SearchFixtures.PAPERS);
        assertThat(index.appliedSeq()).isEqualTo(app.papers().lastChange());
    }

    @Test
    void stemmingMatchesOtherFormsAndTitleMatchesRankFirst() {
        // "kernel" matches "Kernels" in a title and "kernels" in abstracts; the title match ranks first.
        assertThat(lexical("kernel").ids()).first().isIn("2410.08049", "2507.17773");
        assertThat(lexical("scaled kernels").ids()).contains("2410.08049");
        assertThat(lexical("experts").ids()).contains("2507.00029", "2510.17483", "2410.19123");
    }

    @Test
    void abstractsKeywordsAuthorsAndOrganizationsAreSearched() {
        assertThat(lexical("\"Environment Harness\"").ids()).first().isEqualTo("2608.19880"); // an AI keyword
        assertThat(lexical("Shwai").ids()).containsExactly("2406.15786");
        assertThat(lexical("openbmb").ids()).contains("2409.02877");
    }

    @Test
    void arxivIdsVersionsAndUrlsGoStraightToThePaper() {
        for (String q : List.of("2406.15786", "2406.15786v2", "https://arxiv.org/abs/2406.15786v1",
                "arxiv.org/pdf/2406.15786", "arXiv:2406.15786")) {
            assertThat(lexical(q).ids()).as(q).containsExactly("2406.15786");
        }
        assertThat(lexical("2401.99999").hits()).isEmpty();
    }

    @Test
    void phrasesMatchOnlyWordsInOrder() {
        List<SearchHit> hits = lexical("\"mixture of experts\"").hits();
        assertThat(hits).isNotEmpty();
        for (SearchHit h : hits) {
            String text = app.papers().find(h.id()).map(p -> (p.title() + " " + p.abstractText()).toLowerCase())
                    .orElseThrow().replaceAll("[^a-z]+", " ");
            assertThat(text).as(h.id()).containsPattern("mixtures? of experts?");
        }
        assertThat(lexical("\"experts of mixture\"").hits()).isEmpty();
    }

    @Test
    void fieldedAuthorAndOrganizationTerms() {
        assertThat(lexical("author:\"Shwai He\"").ids()).containsExactly("2406.15786");
        assertThat(lexical("author:\"He Shwai\"").ids()).as("a quoted name is a phrase").isEmpty();
        assertThat(lexical("org:google").ids()).containsExactly("2608.19880");
        assertThat(lexical("org:google agents").ids()).containsExactly("2608.19880");
        assertThat(lexical("org:google vision").ids()).isEmpty();
    }

    @Test
    void excludedWordsRemovePapers() {
        List<String> all = lexical("experts").ids();
        List<String> without = lexical("experts -vision").ids();
        assertThat(without).isNotEmpty().hasSizeLessThan(all.size()).doesNotContain("2210.14793");
    }

    @Test
    void filtersByDaysOrganizationAndUpvotes() {
        LocalDate from = LocalDate.parse("2025-01-01");
        LocalDate to = LocalDate.parse("2025-12-31");
        SearchResults r = index.lexical(SearchQuery.parse("models"), new SearchFilters(from, to, null, 0),
                SearchSort.RELEVANCE, 1, 100);
        assertThat(r.hits()).isNotEmpty().allSatisfy(h -> assertThat(h.day()).isBetween(from, to));
        SearchResults popular = index.lexical(SearchQuery.all(), new SearchFilters(null, null, null, 30),
                SearchSort.RELEVANCE, 1, 100);
        assertThat(popular.ids()).containsExactlyInAnyOrder("2608.19880", "2608.18580", "2608.20335", "2608.19799",
                "2608.20336");
        SearchResults google = index.lexical(SearchQuery.all(), new SearchFilters(null, null, "Google", 0),
                SearchSort.RELEVANCE, 1, 100);
        assertThat(google.ids()).containsExactly("2608.19880");
        assertThat(google.hits().getFirst().organization()).isEqualTo("google");
    }

    @Test
    void sortsByDateOrUpvotes() {
        SearchResults byDate = index.lexical(SearchQuery.parse("models"), SearchFilters.none(), SearchSort.DATE, 1, 50);
        assertThat(byDate.hits()).hasSizeGreaterThan(5);
        assertThat(byDate.hits().stream().map(SearchHit::day).toList())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        SearchResults byVotes = index.lexical(SearchQuery.all(), SearchFilters.none(), SearchSort.UPVOTES, 1, 10);
        assertThat(byVotes.hits().stream().map(SearchHit::upvotes).toList())
                .startsWith(163, 54, 38, 32, 30, 24)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void pagesDoNotOverlapAndBoundsAreChecked() {
        SearchResults p1 = index.lexical(SearchQuery.all(), SearchFilters.none(), SearchSort.UPVOTES, 1, 30);
        SearchResults p3 = index.lexical(SearchQuery.all(), SearchFilters.none(), SearchSort.UPVOTES, 3, 30);
        assertThat(p1.total()).isEqualTo(SearchFixtures.PAPERS);
        assertThat(p1.hits()).hasSize(30);
        assertThat(p3.hits()).hasSize(SearchFixtures.PAPERS - 60);
        assertThat(p3.ids()).doesNotContainAnyElementsOf(p1.ids());
        assertThat(index.lexical(SearchQuery.all(), SearchFilters.none(), SearchSort.UPVOTES, 9, 30).hits()).isEmpty();
        assertThatThrownBy(() -> lexicalPage(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lexicalPage(1, 121)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lexicalPage(1000, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    private static SearchResults lexicalPage(int page, int size) {
        return index.lexical(SearchQuery.parse("models"), SearchFilters.none(), SearchSort.RELEVANCE, page, size);
    }

    @Test
    void badQueriesGiveResultsOrAClearError() {
        // Odd syntax is read as plain words; a query without words, or too long, is refused with the reason.
        for (String q : List.of("\"unbalanced quote attention", "(attention [layers", "attention -",
                "atten\u0000tion\u001b", "🤖 attention 🚀", "title:attention AND (", "a*", "~2", "OR AND NOT")) {
            assertThatCode(() -> lexical(q)).as(q).doesNotThrowAnyException();
        }
        for (String q : List.of("-", "*:*", "\\")) {
            assertThatThrownBy(() -> lexical(q)).as(q).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("the query has no words to search for");
        }
        assertThatThrownBy(() -> lexical("x".repeat(10_000))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the query is too long (10000 characters)");
        assertThat(lexical("🤖 attention 🚀").hits()).isNotEmpty();
        assertThat(lexical("\"unbalanced quote attention").hits()).isNotEmpty();
    }

    @Test
    void highlightsAreEscapedHtmlWithMarks() {
        SearchHit hit = lexical("attention layers").hits().stream().filter(h -> h.id().equals("2406.15786"))
                .findFirst().orElseThrow();
        assertThat(hit.titleHtml()).contains("<mark>Attention</mark>");
        assertThat(hit.snippetHtml()).contains("<mark>").doesNotContain("<mark></mark>");
        assertThat(hit.snippetHtml().length()).isLessThan(400);

        Paper evil = Paper.of("2501.00001", 1, "<script>alert('x')</script> Quokka & \"friends\"",
                "The quokka <b>abstract</b>.", List.of(Author.named("Eve")), Instant.parse("2025-01-01T00:00:00Z"));
        try (SearchIndex scratch = SearchIndex.open(home.resolve("scratch-index"))) {
            scratch.put(evil, null);
            scratch.commit(1);
            SearchHit h = scratch.lexical(SearchQuery.parse("quokka"), SearchFilters.none(), SearchSort.RELEVANCE,
                    1, 10).hits().getFirst();
            assertThat(h.titleHtml()).isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; <mark>Quokka</mark>"
                    + " &amp; &quot;friends&quot;");
            assertThat(h.snippetHtml()).isEqualTo("The <mark>quokka</mark> &lt;b&gt;abstract&lt;/b&gt;.");
            assertThat(h.title()).startsWith("<script>");
        }
    }

    @Test
    void hybridFusesBothListsAndIdsStayLexical() {
        // Made-up vectors: paper A is lexical-only, paper B is the vector's nearest; both must come back.
        try (SearchIndex scratch = SearchIndex.open(home.resolve("fusion-index"))) {
            float[] near = unit(1, 0);
            float[] far = unit(0, 1);
            scratch.put(Paper.of("2501.00001", 1, "Quokka habitats", "Where quokkas live.", List.of(),
                    Instant.parse("2025-01-01T00:00:00Z")), far);
            scratch.put(Paper.of("2501.00002", 1, "Marsupial homes", "Small animals on islands.", List.of(),
                    Instant.parse("2025-01-01T00:00:00Z")), near);
            scratch.put(Paper.of("2501.00003", 1, "Unrelated", "Nothing here.", List.of(),
                    Instant.parse("2025-01-01T00:00:00Z")), unit(-1, 0.1f));
            scratch.commit(3);
            SearchQuery q = SearchQuery.parse("quokka");
            for (Fusion fusion : Fusion.values()) {
                SearchResults r = scratch.hybrid(q, () -> near, SearchFilters.none(), 1, 2,
                        Ranking.SHIPPED.withFusion(fusion, 0.3f).withFloor(0));
                assertThat(r.ids()).as(fusion.name()).containsExactly("2501.00001", "2501.00002");
            }
            assertThat(scratch.hybrid(q, near, SearchFilters.none(), 1, 1, Fusion.BLEND, 0.9f).ids())
                    .as("a heavy vector weight puts the vector's pick first").containsExactly("2501.00002");
            assertThat(scratch.vector(near, SearchFilters.none(), 1, 1).ids()).containsExactly("2501.00002");
            assertThat(scratch.hybrid(SearchQuery.parse("2501.00003"), near, SearchFilters.none(), 1, 10).ids())
                    .containsExactly("2501.00003");
            assertThat(scratch.similar("2501.00002", near, 5).ids()).doesNotContain("2501.00002").hasSize(2)
                    .first().isEqualTo("2501.00001");
        }
    }

    @Test
    void rareWordsDecideAndTyposFindTheirNearSpelling() {
        // 40 papers: "network" in every abstract (common), "quokka" in two, "wombat" in one title only.
        try (SearchIndex scratch = SearchIndex.open(home.resolve("common-words-index"))) {
            for (int i = 1; i <= 40; i++) {
                String abs = "A network for study " + i + (i <= 2 ? " of the quokka." : ".")
                        + (i == 3 ? " Network network network." : "");
                scratch.put(Paper.of(String.format("2501.%05d", i), 1, i == 4 ? "Wombat burrows" : "Paper " + i,
                        abs, List.of(Author.named("Ada Byron")), Instant.parse("2025-01-01T00:00:00Z")), null);
            }
            scratch.commit(40);
            SearchFilters none = SearchFilters.none();
            // Paper 3 says "network" four times but has no quokka: under the relevance floor, neither shown nor counted.
            SearchResults quokka = scratch.lexical(SearchQuery.parse("network quokka"), none, SearchSort.RELEVANCE, 1,
                    20);
            assertThat(quokka.ids()).containsExactlyInAnyOrder("2501.00001", "2501.00002");
            assertThat(quokka.total()).isEqualTo(2);
            // Alone, a common word still finds everything.
            assertThat(scratch.lexical(SearchQuery.parse("network"), none, SearchSort.RELEVANCE, 1, 20).total())
                    .isEqualTo(40);
            // A word found nowhere is read as its near spellings: "qwokka" finds the quokka papers.
            assertThat(scratch.lexical(SearchQuery.parse("network qwokka"), none, SearchSort.RELEVANCE, 1, 20).ids())
                    .containsExactlyInAnyOrder("2501.00001", "2501.00002");
            // A word in a title only is found like any other.
            assertThat(scratch.lexical(SearchQuery.parse("network wombat"), none, SearchSort.RELEVANCE, 1, 20).ids())
                    .containsExactly("2501.00004");
            // Hybrid gets its vector later (embedded meanwhile on another thread); none means lexical only.
            assertThat(scratch.hybrid(SearchQuery.parse("network quokka"), () -> null, none, 1, 20).ids())
                    .containsExactlyInAnyOrder("2501.00001", "2501.00002");
        }
    }

    @Test
    void sortingByUpvotesOrDateSortsOnlyRelevantPapers() {
        // A popular paper about decoding images must not lead "speculative decoding" sorted by upvotes.
        try (SearchIndex scratch = SearchIndex.open(home.resolve("floor-index"))) {
            scratch.put(paper("2501.00001", "Speculative decoding with draft models",
                    "We speed up language model decoding with a small draft model and speculative verification.", 3,
                    "2025-01-01"), null);
            scratch.put(paper("2501.00002", "Faster speculative decoding",
                    "Speculative decoding accepts more draft tokens per step.", 9, "2025-01-03"), null);
            scratch.put(paper("2501.00003", "Image decoding at scale",
                    "A decoding network for images, trained on many photographs.", 500, "2025-02-01"), null);
            for (int i = 4; i <= 30; i++) {
                scratch.put(paper(String.format("2501.%05d", i), "Filler " + i, "Other work number " + i + ".", i,
                        "2025-01-02"), null);
            }
            scratch.commit(30);
            SearchQuery q = SearchQuery.parse("speculative decoding");
            SearchResults byUpvotes = scratch.lexical(q, SearchFilters.none(), SearchSort.UPVOTES, 1, 10);
            assertThat(byUpvotes.ids()).containsExactly("2501.00002", "2501.00001");
            assertThat(byUpvotes.total()).isEqualTo(2);
            assertThat(scratch.lexical(q, SearchFilters.none(), SearchSort.DATE, 1, 10).ids())
                    .containsExactly("2501.00002", "2501.00001");
            // Without a floor the popular paper leads: the floor is what keeps it out.
            assertThat(scratch.lexical(q, SearchFilters.none(), SearchSort.UPVOTES, 1, 10,
                    Ranking.SHIPPED.withFloor(0)).ids()).first().isEqualTo("2501.00003");
            // Browsing (no words) sorts everything the filters keep, and counts it.
            assertThat(scratch.lexical(SearchQuery.all(), SearchFilters.none(), SearchSort.UPVOTES, 1, 5).total())
                    .isEqualTo(30);
        }
    }

    @Test
    void authorSurnamePlusTopicFindsTheAuthorsPaper() {
        try (SearchIndex scratch = SearchIndex.open(home.resolve("author-index"))) {
            scratch.put(Paper.of("2501.00001", 1, "Sparse attention for long documents",
                    "Attention over long inputs made sparse.", List.of(Author.named("Mira Okafor")),
                    Instant.parse("2025-01-01T00:00:00Z")), null);
            for (int i = 2; i <= 12; i++) {
                scratch.put(Paper.of(String.format("2501.%05d", i), 1, "Sparse attention variant " + i,
                        "Sparse attention for long documents, long inputs, long attention " + i + ".",
                        List.of(Author.named("Someone Else" + i)), Instant.parse("2025-01-01T00:00:00Z")), null);
            }
            scratch.commit(12);
            assertThat(scratch.lexical(SearchQuery.parse("okafor sparse attention"), SearchFilters.none(),
                    SearchSort.RELEVANCE, 1, 5).ids()).first().isEqualTo("2501.00001");
        }
    }

    @Test
    void adjacentQueryWordsRankAPaperThatHasThemTogetherFirst() {
        try (SearchIndex scratch = SearchIndex.open(home.resolve("proximity-index"))) {
            scratch.put(Paper.of("2501.00001", 1, "Paper one", "We study the graph of a neural model; the network "
                    + "is small.", List.of(), Instant.parse("2025-01-01T00:00:00Z")), null);
            scratch.put(Paper.of("2501.00002", 1, "Paper two", "We study a graph neural network that is small, of "
                    + "the model.", List.of(), Instant.parse("2025-01-01T00:00:00Z")), null);
            scratch.commit(2);
            SearchQuery q = SearchQuery.parse("graph neural network");
            assertThat(scratch.lexical(q, SearchFilters.none(), SearchSort.RELEVANCE, 1, 5).ids())
                    .containsExactly("2501.00002", "2501.00001");
            assertThat(scratch.lexical(q, SearchFilters.none(), SearchSort.RELEVANCE, 1, 5,
                    Ranking.SHIPPED.withProximity(0)).hits().stream().map(SearchHit::score).distinct().count())
                    .as("without proximity both score the same").isEqualTo(1);
        }
    }

    @Test
    void anIndexOfAnOlderSchemaIsEmptiedForARebuild() throws Exception {
        Path dir = home.resolve("old-schema-index");
        try (SearchIndex scratch = SearchIndex.open(dir)) {
            scratch.put(paper("2501.00001", "Quokka", "Quokka.", 1, "2025-01-01"), null);
            scratch.commit(7);
        }
        try (SearchIndex same = SearchIndex.open(dir)) {
            assertThat(same.size()).isEqualTo(1);
            assertThat(same.appliedSeq()).isEqualTo(7);
        }
        try (var w = new org.apache.lucene.index.IndexWriter(org.apache.lucene.store.FSDirectory.open(dir),
                new org.apache.lucene.index.IndexWriterConfig())) {
            w.setLiveCommitData(java.util.Map.of("papers.seq", "7", "papers.schema", "1").entrySet());
            w.commit();
        }
        try (SearchIndex old = SearchIndex.open(dir)) {
            assertThat(old.size()).isZero();
            assertThat(old.appliedSeq()).isZero();
        }
    }

    @Test
    void anIndexOfAnotherEmbeddingModelIsEmptiedSoVectorsOfTwoModelsNeverMeet() throws Exception {
        Path dir = home.resolve("model-index");
        try (SearchIndex before = SearchIndex.open(dir, "model-a")) {
            before.put(paper("2501.00001", "Quokka", "Quokka.", 1, "2025-01-01"), unit(1, 0));
            before.commit(5);
        }
        try (SearchIndex same = SearchIndex.open(dir, "model-a")) {
            assertThat(same.vectorCount()).isEqualTo(1);
            assertThat(same.appliedSeq()).isEqualTo(5);
        }
        try (SearchIndex other = SearchIndex.open(dir, "model-b")) {
            assertThat(other.size()).as("emptied for a rebuild from the store").isZero();
            assertThat(other.appliedSeq()).isZero();
            other.put(paper("2501.00001", "Quokka", "Quokka.", 1, "2025-01-01"), unit(0, 1));
            other.commit(6);
        }
        try (SearchIndex again = SearchIndex.open(dir, "model-b")) {
            assertThat(again.vectorCount()).as("model-b's own index is kept").isEqualTo(1);
        }
    }

    @Test
    void anIndexFromBeforeModelsWereRecordedHoldsMiniLmVectors() throws Exception {
        Path dir = home.resolve("unrecorded-model-index");
        try (SearchIndex scratch = SearchIndex.open(dir)) {
            scratch.put(paper("2501.00001", "Quokka", "Quokka.", 1, "2025-01-01"), unit(1, 0));
            scratch.commit(3);
        }
        try (var w = new org.apache.lucene.index.IndexWriter(org.apache.lucene.store.FSDirectory.open(dir),
                new org.apache.lucene.index.IndexWriterConfig())) {
            w.setLiveCommitData(java.util.Map.of("papers.seq", "3", "papers.schema", SearchIndex.SCHEMA).entrySet());
            w.commit();
        }
        try (SearchIndex miniLm = SearchIndex.open(dir, "all-minilm-l6-v2-q")) {
            assertThat(miniLm.size()).isEqualTo(1);
        }
        try (SearchIndex other = SearchIndex.open(dir, "e5-small-v2-q")) {
            assertThat(other.size()).isZero();
        }
    }

    @Test
    void aRebuildAfterAModelChangeTakesOnlyTheNewModelsVectors() throws Exception {
        // The store keeps an old model's vector of one paper and the current model's of another; the rebuilt index
        // holds the current one only, so a vector query of the old model's space finds nothing of it.
        var ids = app.papers().findAll(List.of("2406.15786", "2409.02877"));
        Paper old = ids.get("2406.15786");
        Paper current = ids.get("2409.02877");
        long seq = app.papers().lastChange();
        new papers.paper.EmbeddingStore(app.database(), "some-old-model").put(List.of(old), List.of(unit(1, 0)), seq);
        new papers.paper.EmbeddingStore(app.database(), "current-model").put(List.of(current), List.of(unit(0, 1)),
                seq);
        try (SearchIndex rebuilt = SearchIndex.open(home.resolve("rebuilt-index"), "current-model")) {
            new IndexFollower(app.papers(), new papers.paper.EmbeddingStore(app.database(), "current-model"), rebuilt)
                    .rebuild(Progress.NONE);
            assertThat(rebuilt.size()).isEqualTo(SearchFixtures.PAPERS);
            assertThat(rebuilt.vectorCount()).isEqualTo(1);
            assertThat(rebuilt.vector(unit(1, 0), SearchFilters.none(), 1, 5).ids()).containsExactly("2409.02877");
        }
    }

    @Test
    void aSecondWriterIsRefusedWhileTheFirstHoldsTheFolderEvenDeleted() throws Exception {
        Path dir = home.resolve("owned-index");
        try (SearchIndex first = SearchIndex.open(dir)) {
            first.put(paper("2501.00001", "Quokka", "Quokka.", 1, "2025-01-01"), null);
            first.commit(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SearchIndex.open(dir))
                    .isInstanceOf(SearchIndex.IndexInUseException.class);
            try (var all = java.nio.file.Files.walk(dir)) { // Lucene's write.lock goes with the folder
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
            assertThat(first.filesGone()).isTrue();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SearchIndex.open(dir))
                    .isInstanceOf(SearchIndex.IndexInUseException.class);
            assertThat(dir).doesNotExist();
        }
        try (SearchIndex next = SearchIndex.open(dir)) { // closed: the folder is free again (and rebuilt empty)
            assertThat(next.size()).isZero();
            assertThat(next.filesGone()).isFalse();
        }
    }

    private static Paper paper(String id, String title, String abs, int upvotes, String day) {
        return Paper.of(id, 1, title, abs, List.of(Author.named("Ada Byron")), Instant.parse(day + "T00:00:00Z"))
                .withCommunity(null, upvotes, 0, null, null);
    }

    /** A unit vector of the embedder's size with {@code x, y} in its first two places. */
    static float[] unit(float x, float y) {
        float[] v = new float[Embedder.DIMENSIONS];
        float n = (float) Math.sqrt(x * x + y * y);
        v[0] = x / n;
        v[1] = y / n;
        return v;
    }
}
