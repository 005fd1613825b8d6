package papers.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.ingest.PoliteHttpClient;
import papers.support.FixtureServer;
import papers.support.TestServer;
import papers.support.TestStores;
import papers.support.WebClient;

/** Page-1 thumbnails rendered with PDFBox from PDFs served by a local stand-in for arXiv, and served by the site. */
class ThumbnailsTest {

    static final String PAPER = "2405.15738";

    @TempDir
    Path home;

    /** A two-page US-letter PDF whose first page has a black band across its top quarter. */
    static byte[] pdf() throws Exception {
        try (PDDocument doc = new PDDocument()) {
            PDPage first = new PDPage(PDRectangle.LETTER);
            doc.addPage(first);
            doc.addPage(new PDPage(PDRectangle.LETTER));
            try (PDPageContentStream content = new PDPageContentStream(doc, first)) {
                float h = PDRectangle.LETTER.getHeight();
                content.addRect(0, h * 0.75f, PDRectangle.LETTER.getWidth(), h * 0.25f);
                content.fill();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static PoliteHttpClient client() {
        return new PoliteHttpClient(Duration.ZERO, Duration.ZERO, 1, d -> { });
    }

    @Test
    void pageOneBecomesASmallJpegAndUnreadablePdfsAreRemembered() throws Exception {
        byte[] pdf = pdf();
        try (FixtureServer arxiv = new FixtureServer(uri -> switch (uri.getPath()) {
            case "/pdf/2405.15738" -> FixtureServer.Answer.ok(pdf);
            case "/pdf/2405.00001" -> FixtureServer.Answer.ok("<html>not a pdf</html>".getBytes());
            default -> new FixtureServer.Answer(404, null, new byte[0]);
        })) {
            Thumbnails thumbs = new Thumbnails(home.resolve("thumbnails"), client(), arxiv.url("/").replaceAll("/$", ""),
                    List::of);
            assertThat(thumbs.fetch(PAPER)).isTrue();
            BufferedImage image = ImageIO.read(thumbs.file(PAPER).orElseThrow().toFile());
            assertThat(image.getWidth()).isEqualTo(Thumbnails.WIDTH);
            assertThat(image.getHeight()).isEqualTo(Math.round(Thumbnails.WIDTH * 11 / 8.5f));
            assertThat(image.getRGB(96, 10) & 0xff).isLessThan(40); // the black band
            assertThat(image.getRGB(96, 200) & 0xff).isGreaterThan(215); // white below it

            assertThat(thumbs.fetch("2405.00001")).isFalse();
            assertThat(thumbs.fetch("2405.00002")).isFalse();
            assertThat(thumbs.known("2405.00001")).isTrue();
            assertThat(thumbs.known("2405.00002")).isTrue();
            assertThat(thumbs.has("2405.00001")).isFalse();
        }
    }

    @Test
    void renderingRestsWhileReadersAreServedAndNotWhenNoneAre() throws Exception {
        byte[] pdf = pdf();
        try (FixtureServer arxiv = new FixtureServer(uri -> FixtureServer.Answer.ok(pdf))) {
            long[] now = {0};
            List<Long> rests = new java.util.ArrayList<>();
            papers.paper.ReaderGate gate = new papers.paper.ReaderGate(() -> now[0], rests::add);
            Thumbnails thumbs = new Thumbnails(home.resolve("thumbnails"), client(), arxiv.url("/").replaceAll("/$", ""),
                    List::of).yieldingTo(gate);

            assertThat(thumbs.fetch(PAPER)).isTrue(); // no reader has come: no rest
            assertThat(rests).isEmpty();

            gate.requestArrived(); // a reader is being served (the gate's clock stands still)
            assertThat(thumbs.fetch("2405.15739")).isTrue();
            assertThat(rests).as("one rest after the render, nine times its length").hasSize(1);
            assertThat(rests.getFirst()).isPositive();
        }
    }

    @Test
    void theSiteServesThemWithFixedSizesAndLongCaching() throws Exception {
        byte[] pdf = pdf();
        try (FixtureServer arxiv = new FixtureServer(uri -> FixtureServer.Answer.ok(pdf))) {
            Map<String, String> env = TestStores.sqlite(home);
            env.put("PAPERS_ARXIV_SITE_URL", arxiv.url("/"));
            try (TestServer server = new TestServer(papers.Config.from(env), Clock.systemUTC())
                    .importing("hf-daily", "hf-daily-papers-2024-05-27.json")) {
                WebClient client = new WebClient(server);
                assertThat(client.get("/papers/date/2024-05-27").body()).doesNotContain("class=\"thumb\"");
                assertThat(client.get("/thumbnails/" + PAPER + ".jpg").statusCode()).isEqualTo(404);

                assertThat(server.app.thumbnails().fetch(PAPER)).isTrue();
                server.store.upsert(List.of(server.store.find(PAPER).orElseThrow()
                        .withLinks("https://github.com/alibaba/conv-llava", null, null))); // a change renews pages
                String page = client.get("/papers/date/2024-05-27").body();
                assertThat(page).contains("<img class=\"thumb\" src=\"/thumbnails/" + PAPER
                        + ".jpg\" width=\"96\" height=\"124\" alt=\"\" loading=\"lazy\"");
                assertThat(page).containsOnlyOnce("class=\"thumb\"");
                HttpResponse<byte[]> jpg = client.getBytes("/thumbnails/" + PAPER + ".jpg");
                assertThat(jpg.statusCode()).isEqualTo(200);
                assertThat(jpg.headers().firstValue("Content-Type")).hasValue("image/jpeg");
                assertThat(jpg.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
                assertThat(ImageIO.read(new ByteArrayInputStream(jpg.body())).getWidth()).isEqualTo(Thumbnails.WIDTH);
                for (String bad : List.of("/thumbnails/..%2Fpapers.db", "/thumbnails/2405.15738.png",
                        "/thumbnails/2405.15738v1.jpg", "/thumbnails/2405.99999.jpg")) {
                    assertThat(client.get(bad).statusCode()).as(bad).isEqualTo(404);
                }
            }
        }
        assertThat(Files.exists(home.resolve("thumbnails").resolve(PAPER + ".jpg"))).isTrue();
    }

    /**
     * Shutdown closes the store right after the background walk: close() waits for a store query under way (which
     * an interrupt does not stop) instead of leaving it to fail against a closed pool.
     */
    @Test
    void closeWaitsForTheRoundUnderWay() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();
        Thumbnails thumbnails = new Thumbnails(home.resolve("thumbnails"),
                new PoliteHttpClient(Duration.ZERO, Duration.ofMillis(100), 1, d -> { }), "http://127.0.0.1:9", () -> {
                    entered.countDown();
                    boolean interrupted = false;
                    while (true) { // as a JDBC call: deaf to interrupts
                        try {
                            release.await();
                            break;
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    returned.set(true);
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    return List.of();
                });
        thumbnails.start();
        entered.await();
        java.util.concurrent.atomic.AtomicBoolean returnedWhenClosed = new java.util.concurrent.atomic.AtomicBoolean();
        Thread closer = Thread.ofPlatform().start(() -> {
            thumbnails.close();
            returnedWhenClosed.set(returned.get());
        });
        Thread.sleep(200); // give a close() that does not wait the time to return early
        release.countDown();
        closer.join();
        assertThat(returnedWhenClosed).as("the round had ended when close() returned").isTrue();
    }
}
