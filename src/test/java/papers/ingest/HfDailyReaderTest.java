package papers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import papers.paper.Author;
import papers.paper.Organization;
import papers.paper.Paper;
import papers.paper.Submitter;
import papers.support.CollectingSink;
import papers.support.Fixtures;

class HfDailyReaderTest {

    private static CollectingSink read(InputStream in) throws Exception {
        CollectingSink sink = new CollectingSink();
        new HfDailyReader(null).read(in, sink);
        return sink;
    }

    private static CollectingSink read(String text) throws Exception {
        return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsThe2024ShapeWithNormalisedWhitespace() throws Exception {
        CollectingSink sink = read(Fixtures.open("hf-daily-papers-2024-05-27.json"));
        assertThat(sink.papers).hasSize(13);
        assertThat(sink.rejections).isEmpty();
        Paper p = sink.paper("2405.15738");
        assertThat(p.title()).isEqualTo("ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models");
        assertThat(p.abstractText()).startsWith("High-resolution Large Multimodal Models (LMMs) encounter the "
                + "challenges of excessive visual tokens and quadratic visual complexity.")
                .endsWith("publicly available at https://github.com/alibaba/conv-llava.")
                .doesNotContain("\n").doesNotContain("  ");
        assertThat(p.authors()).hasSize(9);
        assertThat(p.authors().getFirst()).isEqualTo(new Author("Chunjiang Ge", "ChunjiangGe", false));
        assertThat(p.authors().get(2)).isEqualTo(new Author("Ziming Wang", null, false));
        assertThat(p.authors().getLast().name()).isEqualTo("Bo Zheng");
        assertThat(p.publishedAt()).isEqualTo(Instant.parse("2024-05-24T17:34:15Z"));
        assertThat(p.listedOn()).isEqualTo(LocalDate.parse("2024-05-27"));
        assertThat(p.upvotes()).isEqualTo(32);
        assertThat(p.numComments()).isEqualTo(3);
        assertThat(p.version()).isNull();
        assertThat(p.organization()).isNull();
        assertThat(p.submitter()).isNull();
        assertThat(p.aiKeywords()).isEmpty();
    }

    @Test
    void readsThe2026ShapeWithEveryOptionalField() throws Exception {
        CollectingSink sink = read(Fixtures.open("hf-daily-papers-2026-08-21.json"));
        assertThat(sink.papers).hasSize(17);
        Paper p = sink.paper("2608.19880");
        assertThat(p.title()).isEqualTo("EnvHarness: Awakening Static Worlds for Agent Learning");
        assertThat(p.abstractText()).startsWith("LLM agents learn by interacting with environments, yet these");
        assertThat(p.authors()).hasSize(17);
        assertThat(p.authors().getFirst().name()).isEqualTo("Chengsong Huang");
        assertThat(p.authors().getLast().name()).isEqualTo("Chen-Yu Lee");
        assertThat(p.publishedAt()).isEqualTo(Instant.parse("2026-08-20T00:00:00Z"));
        assertThat(p.listedOn()).isEqualTo(LocalDate.parse("2026-08-21"));
        assertThat(p.upvotes()).isEqualTo(163);
        assertThat(p.numComments()).isEqualTo(1);
        assertThat(p.organization()).isEqualTo(new Organization("google", "Google",
                "https://cdn-avatars.huggingface.co/v1/production/uploads/5dd96eb166059660ed1ee413/WtA3YYitedOr9n02eHfJe.png"));
        assertThat(p.submitter()).isEqualTo(new Submitter("taesiri", "taesiri",
                "https://cdn-avatars.huggingface.co/v1/production/uploads/6039478ab3ecf716b1a5fd4d/_Thy4E7taiSYBLKxEKJbT.jpeg"));
        assertThat(p.githubRepo()).isEqualTo("https://github.com/google-research/envharness");
        assertThat(p.githubStars()).isEqualTo(8);
        assertThat(p.projectPage()).isEqualTo("https://envharness.com/");
        assertThat(p.aiSummary()).startsWith("EnvHarness and EnvRigger dynamically reshape static environments");
        assertThat(p.aiKeywords()).containsExactly("LLM agents", "Environment Harness", "EnvHarness", "EnvRigger",
                "black-box policy", "execution trajectories", "reinforcement learning", "co-evolution");
        assertThat(p.discussionId()).isEqualTo("6a87afc589e517cbfd75dbe0");
        assertThat(p.thumbnail()).isEqualTo("https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2608.19880.png");
        assertThat(p.aiSummaryModel()).isEqualTo("thinkingmachines/Inkling-Small");
        assertThat(p.githubRepoAddedBy()).isEqualTo("user");
        assertThat(p.mediaUrls()).isEmpty();
        assertThat(p.submitterOrganization()).isNull();
        Paper withMedia = sink.paper("2608.20281");
        assertThat(withMedia.mediaUrls()).containsExactly(
                "https://cdn-uploads.huggingface.co/production/uploads/642f6c64f945a8a5c9ee5b5d/Qx1_0iZ0RmlluIVHoyYZN.png",
                "https://cdn-uploads.huggingface.co/production/uploads/642f6c64f945a8a5c9ee5b5d/YUtjPur1jw0CH68qW8JfS.png");
        assertThat(withMedia.githubRepoAddedBy()).as("no code link, nobody added one").isNull();
    }

    @Test
    void keepsMediaFromEitherPlaceAndTheSubmittersOrganization() throws Exception {
        CollectingSink sink = read(Fixtures.open("hf-daily-papers-listing-extras.jsonl"));
        assertThat(sink.rejections).isEmpty();
        assertThat(sink.paper("2406.05629").mediaUrls()).as("older answers send mediaUrls on the item only")
                .containsExactly("https://cdn-uploads.huggingface.co/production/uploads/62dae3734398e21bf7f53443/"
                        + "XwhYauVo770ji3fIdotWk.mp4");
        assertThat(sink.paper("2406.05629").submitterOrganization()).isNull();
        Paper p = sink.paper("2509.21989");
        assertThat(p.submitterOrganization()).isEqualTo(new Organization("IVUL-KAUST",
                "Image and Video Understanding Lab", "https://cdn-uploads.huggingface.co/production/uploads/"
                        + "6808bf97ffadd78ec71cb721/Xwkc8YwWKDbZj0fHSGXoa.png"));
        assertThat(p.organization()).as("the paper's own organization is another field").isNull();
        assertThat(p.mediaUrls()).containsExactly("https://cdn-uploads.huggingface.co/production/uploads/"
                + "6577f3bacfb2207f11e847bb/bT2HVKlLIeZzkJz3kFw-S.mp4");
    }

    @Test
    void mediaThatIsNotAWebAddressIsDropped() throws Exception {
        CollectingSink sink = read("""
                {"_date":"2025-01-06","paper":{"id":"2501.00001","title":"T","summary":"S","authors":[],"publishedAt":"2025-01-03T10:00:00.000Z","upvotes":1},"mediaUrls":["javascript:alert(1)","https://cdn-uploads.huggingface.co/a.png",7]}
                """);
        assertThat(sink.paper("2501.00001").mediaUrls()).containsExactly("https://cdn-uploads.huggingface.co/a.png");
    }

    @Test
    void jsonLinesUseDateFieldAndRejectBadLinesButGoOn() throws Exception {
        String lines = """
                {"_date":"2025-01-06","paper":{"id":"2501.00001","title":"First\\n  paper","summary":"S1","authors":[{"name":"A  B"}],"publishedAt":"2025-01-03T10:00:00.000Z","upvotes":4},"publishedAt":"2025-01-05T22:00:00.000Z","title":"First paper","numComments":2}
                {"_date":"2025-01-06","paper":{"id":"not-an-id","title":"T","summary":"S","authors":[],"publishedAt":"2025-01-03T10:00:00.000Z","upvotes":1}}
                {"this line is broken
                {"_date":"2025-01-06","paper":{"title":"No id","summary":"S","authors":[],"publishedAt":"2025-01-03T10:00:00.000Z","upvotes":1}}
                {"_date":"2025-01-06","paper":{"id":"2501.00002","title":"Bad votes","summary":"S","authors":[],"publishedAt":"2025-01-03T10:00:00.000Z","upvotes":-3}}
                {"_date":"2025-01-06","paper":{"id":"2501.00003","title":"Bad date","summary":"S","authors":[],"publishedAt":"yesterday","upvotes":1}}

                {"_date":"2025-01-07","paper":{"id":"2501.00004","title":"&amp; $\\\\alpha$-entities stay","summary":"S","authors":[{"name":"C"}],"publishedAt":"2025-01-03T10:00:00.000Z","upvotes":0}}
                """;
        CollectingSink sink = read(lines);
        assertThat(sink.papers).extracting(Paper::id).containsExactly("2501.00001", "2501.00004");
        Paper first = sink.papers.getFirst();
        assertThat(first.title()).isEqualTo("First paper");
        assertThat(first.authors()).containsExactly(Author.named("A B"));
        assertThat(first.listedOn()).isEqualTo(LocalDate.parse("2025-01-06"));
        assertThat(first.numComments()).isEqualTo(2);
        assertThat(sink.papers.getLast().title()).isEqualTo("&amp; $\\alpha$-entities stay");
        assertThat(sink.rejections).hasSize(5);
        assertThat(sink.rejections.get(0)).contains("line 2").contains("not an arXiv id");
        assertThat(sink.rejections.get(1)).contains("line 3").contains("not valid JSON");
        assertThat(sink.rejections.get(2)).contains("line 4").contains("paper.id is missing");
        assertThat(sink.rejections.get(3)).contains("2501.00002").contains("upvotes");
        assertThat(sink.rejections.get(4)).contains("2501.00003");
    }

    @Test
    void defaultListingDayFillsInForRawApiAnswers() throws Exception {
        CollectingSink sink = new CollectingSink();
        new HfDailyReader(LocalDate.parse("2024-06-01")).read(Fixtures.open("hf-daily-papers-2024-05-27.json"), sink);
        assertThat(sink.papers).allSatisfy(p -> assertThat(p.listedOn()).isEqualTo(LocalDate.parse("2024-06-01")));
    }

    @Test
    void malformedFilesAreErrors() {
        assertThatThrownBy(() -> read("<html>Service unavailable</html>"))
                .isInstanceOf(MalformedSourceException.class).hasMessageContaining("not a JSON array");
        assertThatThrownBy(() -> read("[{\"paper\": {\"id\": \"2405.15738\"}}, {\"paper\": "))
                .isInstanceOf(MalformedSourceException.class);
        assertThatThrownBy(() -> read("{\"a\": 1,\n\"b\": 2}\n"))
                .isInstanceOf(MalformedSourceException.class).hasMessageContaining("line 1");
    }

    @Test
    void emptyInputHasNoRecords() throws Exception {
        assertThat(read("").papers).isEmpty();
        assertThat(read("[]").papers).isEmpty();
    }

    @Test
    void arrayItemsThatAreNotPapersAreRejected() throws Exception {
        CollectingSink sink = read("[1, {\"paper\": 2}, {\"paper\": {\"id\": \"2405.15738\", \"title\": \" \"}}]");
        assertThat(sink.papers).isEmpty();
        assertThat(sink.rejections).containsExactly("item 1: no \"paper\" object", "item 2: no \"paper\" object",
                "item 3 (2405.15738): title is missing");
    }

    @Test
    void bundledDemoDataHoldsTheSeedPageAndTheNewestDay() throws Exception {
        CollectingSink sink = read(new java.util.zip.GZIPInputStream(
                HfDailyReaderTest.class.getResourceAsStream(DemoData.RESOURCE)));
        assertThat(sink.rejections).isEmpty();
        assertThat(sink.papers.size()).isGreaterThan(2000);
        List<String> ids = sink.papers.stream().map(Paper::id).toList();
        assertThat(ids).contains("2409.02877", "2608.19880");
    }
}
