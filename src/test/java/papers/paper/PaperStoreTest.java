package papers.paper;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import papers.support.EveryStore;

/** The store's behaviour, run against SQLite and PostgreSQL (one class, a store of each kind per test). */
class PaperStoreTest extends EveryStore {

    protected Database database;
    protected PaperStore store;

    @BeforeEach
    void open() throws Exception {
        database = openStore();
        store = new PaperStore(database);
    }

    static Paper full() {
        return Paper.of("2405.15738", 2, "ConvLLaVA: Hierarchical Backbones", "High-resolution LMMs $O(n^2)$ &amp; more.",
                        List.of(new Author("Chunjiang Ge", "ChunjiangGe", false), Author.named("Sijie Cheng"),
                                new Author("Ziming Wang", null, true)),
                        Instant.parse("2024-05-24T17:34:15Z"))
                .withListing(LocalDate.parse("2024-05-27"), new Submitter("akhaliq", "AK", "/avatars/ak.svg"))
                .withCommunity(new Organization("nvidia", "NVIDIA", "https://example.org/nv.png"), 32, 3,
                        "66540321d200a2ecdf785007", "https://example.org/thumb.png")
                .withLinks("https://github.com/alibaba/conv-llava", 120, "https://conv-llava.github.io")
                .withAi("ConvLLaVA replaces ViT with ConvNeXt.", List.of("ConvNeXt", "visual tokens"))
                .withArxivDetails(List.of("cs.CV", "cs.CL"), "17 pages", "NeurIPS 2024", "10.1000/xyz")
                .withListingExtras(List.of("https://cdn-uploads.huggingface.co/a.mp4", "https://cdn-uploads.huggingface.co/b.png"),
                        "Qwen/Qwen2.5-Coder-32B-Instruct", new Organization("IVUL-KAUST", "Image and Video Understanding Lab",
                                "https://example.org/ivul.png"), "user");
    }

    static Paper simple(String id, String title, LocalDate day, int upvotes, int comments, String published) {
        return Paper.of(id, null, title, "Abstract of " + title, List.of(Author.named("Ada Lovelace")),
                        Instant.parse(published))
                .withListing(day, null)
                .withCommunity(null, upvotes, comments, null, null);
    }

    @Test
    void storesAndReadsBackEveryField() {
        Paper paper = full();
        assertThat(store.upsert(List.of(paper))).isEqualTo(new UpsertResult(1, 0, 0));
        assertThat(store.find("2405.15738")).contains(paper);
        assertThat(store.find("2405.99999")).isEmpty();
        assertThat(store.count()).isEqualTo(1);
    }

    @Test
    void listingExtrasAreFilledAndReplacedButNeverErased() {
        store.upsert(List.of(full()));
        Paper without = Paper.of("2405.15738", 2, "ConvLLaVA: Hierarchical Backbones", "High-resolution LMMs $O(n^2)$ &amp; more.",
                full().authors(), full().publishedAt());
        store.upsert(List.of(without));
        Paper kept = store.find("2405.15738").orElseThrow();
        assertThat(kept.mediaUrls()).containsExactly("https://cdn-uploads.huggingface.co/a.mp4",
                "https://cdn-uploads.huggingface.co/b.png");
        assertThat(kept.aiSummaryModel()).isEqualTo("Qwen/Qwen2.5-Coder-32B-Instruct");
        assertThat(kept.submitterOrganization().name()).isEqualTo("IVUL-KAUST");
        assertThat(kept.githubRepoAddedBy()).isEqualTo("user");

        Paper newer = without.withListingExtras(List.of("https://cdn-uploads.huggingface.co/c.gif"),
                "thinkingmachines/Inkling-Small", new Organization("nvidia", null, null), "admin");
        assertThat(store.upsert(List.of(newer))).isEqualTo(new UpsertResult(0, 1, 0));
        Paper replaced = store.find("2405.15738").orElseThrow();
        assertThat(replaced.mediaUrls()).containsExactly("https://cdn-uploads.huggingface.co/c.gif");
        assertThat(replaced.aiSummaryModel()).isEqualTo("thinkingmachines/Inkling-Small");
        assertThat(replaced.submitterOrganization()).isEqualTo(new Organization("nvidia", null, null));
        assertThat(replaced.githubRepoAddedBy()).isEqualTo("admin");
    }

    @Test
    void oldStyleIdsAreKeys() {
        Paper old = Paper.of("hep-th/9901001", 1, "Strings", "An old abstract.", List.of(Author.named("E. Witten")),
                Instant.parse("1999-01-01T00:00:00Z"));
        store.upsert(List.of(old));
        assertThat(store.find("hep-th/9901001")).contains(old);
    }

    @Test
    void importingTheSameAgainChangesNothing() {
        store.upsert(List.of(full()));
        long seq = store.lastChange();
        assertThat(store.upsert(List.of(full()))).isEqualTo(new UpsertResult(0, 0, 1));
        assertThat(store.lastChange()).isEqualTo(seq);
    }

    @Test
    void newerVersionUpdatesTextButOlderDoesNot() {
        store.upsert(List.of(full()));
        Paper v3 = Paper.of("2405.15738", 3, "ConvLLaVA v3", "New abstract.", List.of(Author.named("Chunjiang Ge")),
                Instant.parse("2024-05-24T17:34:15Z"));
        assertThat(store.upsert(List.of(v3))).isEqualTo(new UpsertResult(0, 1, 0));
        Paper stored = store.find("2405.15738").orElseThrow();
        assertThat(stored.version()).isEqualTo(3);
        assertThat(stored.title()).isEqualTo("ConvLLaVA v3");
        assertThat(stored.authors()).extracting(Author::name).containsExactly("Chunjiang Ge");
        assertThat(stored.upvotes()).as("community fields survive a text update").isEqualTo(32);
        assertThat(stored.organization().name()).isEqualTo("nvidia");

        Paper v1 = Paper.of("2405.15738", 1, "ConvLLaVA v1", "Old abstract.", List.of(Author.named("Someone")),
                Instant.parse("2024-05-24T17:34:15Z"));
        assertThat(store.upsert(List.of(v1))).isEqualTo(new UpsertResult(0, 0, 1));
        assertThat(store.find("2405.15738").orElseThrow().title()).isEqualTo("ConvLLaVA v3");
    }

    @Test
    void higherUpvotesUpdateAndLowerOnesAreIgnored() {
        LocalDate day = LocalDate.parse("2024-05-27");
        store.upsert(List.of(simple("2405.00001", "A", day, 5, 1, "2024-05-24T00:00:00Z")));
        assertThat(store.upsert(List.of(simple("2405.00001", "A", day, 9, 1, "2024-05-24T00:00:00Z"))))
                .isEqualTo(new UpsertResult(0, 1, 0));
        assertThat(store.upsert(List.of(simple("2405.00001", "A", day, 2, 0, "2024-05-24T00:00:00Z"))))
                .isEqualTo(new UpsertResult(0, 0, 1));
        assertThat(store.find("2405.00001").orElseThrow().upvotes()).isEqualTo(9);
    }

    @Test
    void duplicatesWithinOneBatchBecomeOnePaper() {
        LocalDate day = LocalDate.parse("2024-05-27");
        UpsertResult r = store.upsert(List.of(simple("2405.00001", "A", day, 5, 0, "2024-05-24T00:00:00Z"),
                simple("2405.00001", "A", day, 7, 0, "2024-05-24T00:00:00Z")));
        assertThat(r).as("the repeat raised the upvotes: one record updated").isEqualTo(new UpsertResult(1, 1, 0));
        assertThat(store.find("2405.00001").orElseThrow().upvotes()).isEqualTo(7);
        assertThat(store.upsert(List.of(simple("2405.00002", "B", day, 1, 0, "2024-05-24T00:00:00Z"),
                simple("2405.00002", "B", day, 1, 0, "2024-05-24T00:00:00Z")))).isEqualTo(new UpsertResult(1, 0, 1));
    }

    @Test
    void dayListsRankByUpvotesThenCommentsThenNewest() {
        LocalDate day = LocalDate.parse("2024-05-27");
        store.upsert(List.of(
                simple("2405.00001", "few votes", day, 1, 9, "2024-05-24T00:00:00Z"),
                simple("2405.00002", "most votes", day, 50, 0, "2024-05-24T00:00:00Z"),
                simple("2405.00003", "tie, more comments", day, 10, 5, "2024-05-24T00:00:00Z"),
                simple("2405.00004", "tie, fewer comments, newer", day, 10, 1, "2024-05-25T00:00:00Z"),
                simple("2405.00005", "tie, fewer comments, older", day, 10, 1, "2024-05-23T00:00:00Z"),
                simple("2405.00006", "another day", day.minusDays(3), 99, 0, "2024-05-20T00:00:00Z")));
        assertThat(store.listedOn(day, 50, 0)).extracting(Paper::id).containsExactly(
                "2405.00002", "2405.00003", "2405.00004", "2405.00005", "2405.00001");
        assertThat(store.listedOn(day, 2, 2)).extracting(Paper::id).containsExactly("2405.00004", "2405.00005");
        assertThat(store.countListedOn(day)).isEqualTo(5);
        assertThat(store.newestListingDay()).contains(day);
    }

    @Test
    void periodsNeighboursAuthorsOrganizationsAndSubmitters() {
        LocalDate fri = LocalDate.parse("2026-08-21");
        LocalDate mon = LocalDate.parse("2026-08-24");
        Organization acme = new Organization("acme", "Acme", null);
        Submitter ak = new Submitter("akhaliq", "AK", null);
        store.upsert(List.of(
                simple("2608.00001", "Fri low", fri, 1, 0, "2026-08-20T00:00:00Z").withListing(fri, ak),
                simple("2608.00002", "Fri high", fri, 9, 0, "2026-08-19T00:00:00Z")
                        .withCommunity(acme, 9, 0, null, null),
                simple("2608.00003", "Mon", mon, 5, 0, "2026-08-22T00:00:00Z").withListing(mon, ak)
                        .withCommunity(acme, 5, 0, null, null),
                Paper.of("2608.00004", null, "Never listed", "x", List.of(Author.named("Ada Lovelace")),
                        Instant.parse("2026-08-23T00:00:00Z"))));
        assertThat(store.listedBetween(fri, mon, 10, 0)).extracting(Paper::id)
                .containsExactly("2608.00002", "2608.00003", "2608.00001");
        assertThat(store.countListedBetween(fri, mon)).isEqualTo(3);
        assertThat(store.listingDayBefore(mon)).contains(fri);
        assertThat(store.listingDayAfter(fri)).contains(mon);
        assertThat(store.listingDayAfter(mon)).isEmpty();
        assertThat(store.byAuthor("Ada Lovelace", 10, 0)).extracting(Paper::id)
                .containsExactly("2608.00004", "2608.00003", "2608.00001", "2608.00002");
        assertThat(store.byAuthor("Ada Lovelace", 2, 1)).extracting(Paper::id)
                .containsExactly("2608.00003", "2608.00001");
        assertThat(store.countByAuthor("Ada Lovelace")).isEqualTo(4);
        assertThat(store.byOrganization("acme", 10, 0)).extracting(Paper::id)
                .containsExactly("2608.00003", "2608.00002");
        assertThat(store.countByOrganization("acme")).isEqualTo(2);
        assertThat(store.submittedBy("akhaliq", fri, mon, 10, 0)).extracting(Paper::id)
                .containsExactly("2608.00003", "2608.00001");
        assertThat(store.countSubmittedBy("akhaliq", mon, mon)).isEqualTo(1);
    }

    @Test
    void listsNewestFirstAndFiltersBySubmitter() {
        LocalDate fri = LocalDate.parse("2026-08-21");
        LocalDate mon = LocalDate.parse("2026-08-24");
        Submitter ak = new Submitter("akhaliq", "AK", null);
        store.upsert(List.of(
                simple("2608.00001", "Fri older, most votes", fri, 90, 0, "2026-08-18T00:00:00Z"),
                simple("2608.00002", "Fri newer", fri, 1, 0, "2026-08-20T09:00:00Z").withListing(fri, ak),
                simple("2608.00003", "Mon, submitted long ago", mon, 5, 0, "2026-07-01T00:00:00Z")
                        .withListing(mon, ak),
                simple("2608.00004", "Mon newest", mon, 2, 0, "2026-08-23T00:00:00Z"),
                simple("2608.00005", "Thu, outside", LocalDate.parse("2026-08-20"), 99, 0, "2026-08-19T00:00:00Z")));
        // Newest listing day first; within a day, the newer arXiv submission.
        assertThat(store.listed(fri, mon, null, PaperStore.ListOrder.NEWEST, 10, 0)).extracting(Paper::id)
                .containsExactly("2608.00004", "2608.00003", "2608.00002", "2608.00001");
        assertThat(store.listed(fri, mon, null, PaperStore.ListOrder.NEWEST, 2, 1)).extracting(Paper::id)
                .containsExactly("2608.00003", "2608.00002");
        assertThat(store.listed(fri, mon, null, PaperStore.ListOrder.UPVOTES, 10, 0)).extracting(Paper::id)
                .containsExactly("2608.00001", "2608.00003", "2608.00004", "2608.00002");
        assertThat(store.listed(fri, mon, "akhaliq", PaperStore.ListOrder.NEWEST, 10, 0)).extracting(Paper::id)
                .containsExactly("2608.00003", "2608.00002");
        assertThat(store.listed(fri, mon, "akhaliq", PaperStore.ListOrder.UPVOTES, 10, 0)).extracting(Paper::id)
                .containsExactly("2608.00003", "2608.00002");
        assertThat(store.listed(fri, mon, "nobody", PaperStore.ListOrder.UPVOTES, 10, 0)).isEmpty();
        assertThat(store.countListed(fri, mon, null)).isEqualTo(4);
        assertThat(store.countListed(fri, mon, "akhaliq")).isEqualTo(2);
        assertThat(store.countListed(fri, fri, "akhaliq")).isEqualTo(1);
    }

    @Test
    void authorsAndOrganizationsAreSharedRecords() {
        Paper a = full();
        Paper b = Paper.of("2405.15739", null, "Another", "x", List.of(Author.named("Sijie Cheng")),
                        Instant.parse("2024-05-24T00:00:00Z"))
                .withCommunity(new Organization("nvidia", "NVIDIA Corp", "https://example.org/new.png"), 0, 0,
                        null, null);
        store.upsert(List.of(a));
        store.upsert(List.of(b));
        assertThat(store.countAuthors()).isEqualTo(3);
        assertThat(store.organization("nvidia")).contains(
                new Organization("nvidia", "NVIDIA Corp", "https://example.org/new.png"));
        assertThat(store.find("2405.15738").orElseThrow().organization().fullName()).isEqualTo("NVIDIA Corp");
        assertThat(store.upsert(List.of(a))).as("an organization's new avatar does not change its papers")
                .isEqualTo(new UpsertResult(0, 0, 1));
    }

    @Test
    void everyChangeIsLoggedInOrder() {
        long before = store.lastChange();
        LocalDate day = LocalDate.parse("2024-05-27");
        store.upsert(List.of(simple("2405.00001", "A", day, 1, 0, "2024-05-24T00:00:00Z"),
                simple("2405.00002", "B", day, 1, 0, "2024-05-24T00:00:00Z")));
        assertThat(store.lastChange()).isEqualTo(before + 2);
        store.upsert(List.of(simple("2405.00001", "A", day, 2, 0, "2024-05-24T00:00:00Z")));
        assertThat(store.lastChange()).isEqualTo(before + 3);
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        LocalDate day = LocalDate.parse("2024-05-27");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<UpsertResult>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    UpsertResult sum = UpsertResult.NONE;
                    for (int i = 0; i < 25; i++) {
                        String id = String.format("2405.%05d", thread * 100 + i);
                        sum = sum.plus(store.upsert(List.of(simple(id, "T" + id, day, i, 0, "2024-05-24T00:00:00Z"),
                                simple("2405.99999", "shared", day, i, 0, "2024-05-24T00:00:00Z"))));
                    }
                    return sum;
                }));
            }
            int created = 0;
            for (Future<UpsertResult> f : results) {
                created += f.get().created();
            }
            assertThat(created).isEqualTo(101);
            assertThat(store.count()).isEqualTo(101);
            assertThat(store.find("2405.99999").orElseThrow().upvotes()).isEqualTo(24);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void changesSinceListsTheLogInOrderAndForEachPaperStreamsEveryPaper() {
        long before = store.lastChange();
        LocalDate day = LocalDate.parse("2024-05-27");
        store.upsert(List.of(simple("2405.00001", "A", day, 1, 0, "2024-05-24T00:00:00Z"),
                simple("2405.00002", "B", day, 1, 0, "2024-05-24T00:00:00Z")));
        store.upsert(List.of(simple("2405.00001", "A", day, 5, 0, "2024-05-24T00:00:00Z")));
        List<PaperChange> changes = store.changesSince(before, 10);
        assertThat(changes).extracting(PaperChange::paperId).containsExactly("2405.00001", "2405.00002", "2405.00001");
        assertThat(changes).extracting(PaperChange::seq).isSorted().doesNotHaveDuplicates();
        assertThat(store.changesSince(before, 1)).hasSize(1);
        assertThat(store.changesSince(changes.getLast().seq(), 10)).isEmpty();

        List<Paper> many = new ArrayList<>();
        for (int i = 0; i < 2_345; i++) {
            many.add(simple(String.format("2406.%05d", i), "Paper " + i, day, 0, 0, "2024-05-24T00:00:00Z"));
        }
        store.upsert(many);
        List<String> seen = new ArrayList<>();
        store.forEachPaper(p -> seen.add(p.id()));
        assertThat(seen).hasSize(2_347).doesNotHaveDuplicates().isSorted().contains("2406.02344", "2405.00002");
    }

    @Test
    void embeddingsAreStoredAndDroppedWhenTitleOrAbstractChange() {
        EmbeddingStore embeddings = new EmbeddingStore(database, "test-model");
        LocalDate day = LocalDate.parse("2024-05-27");
        Paper a = simple("2405.00001", "Alpha", day, 1, 0, "2024-05-24T00:00:00Z");
        Paper b = simple("2405.00002", "Beta", day, 1, 0, "2024-05-24T00:00:00Z");
        store.upsert(List.of(a, b));
        assertThat(embeddings.missingIds(10)).containsExactly("2405.00001", "2405.00002");

        float[] va = {0.6f, -0.8f, 1e-7f};
        embeddings.put(List.of(a, b), List.of(va, new float[] {1, 0, 0}), store.lastChange());
        assertThat(embeddings.get(List.of("2405.00001", "nope")).get("2405.00001")).containsExactly(va);
        assertThat(embeddings.count()).isEqualTo(2);
        assertThat(embeddings.missingIds(10)).isEmpty();
        assertThat(new EmbeddingStore(database, "other-model").missingIds(10)).as("per model").hasSize(2);

        store.upsert(List.of(a.withCommunity(null, 50, 3, null, null)));
        assertThat(embeddings.count()).as("votes do not change what a paper is about").isEqualTo(2);

        Paper newAbstract = Paper.of(a.id(), 2, "Alpha", "A rewritten abstract.", a.authors(), a.publishedAt());
        store.upsert(List.of(newAbstract));
        assertThat(embeddings.missingIds(10)).containsExactly("2405.00001");

        // A vector computed from text that changed meanwhile is not kept.
        long seq = store.lastChange();
        Paper retitled = Paper.of(b.id(), 2, "Beta, retitled", b.abstractText(), b.authors(), b.publishedAt());
        store.upsert(List.of(retitled));
        embeddings.put(List.of(b), List.<float[]>of(new float[] {0, 1, 0}), seq);
        assertThat(embeddings.get(List.of(b.id()))).isEmpty();
        embeddings.put(List.of(store.find(b.id()).orElseThrow()), List.<float[]>of(new float[] {0, 1, 0}), seq + 1);
        assertThat(embeddings.get(List.of(b.id())).get(b.id())).containsExactly(0, 1, 0);
    }
}
