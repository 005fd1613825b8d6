package papers.thumbnail;

import papers.paper.PrivateFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papers.ingest.PoliteHttpClient;
import papers.paper.ReaderGate;

/**
 * Page 1 of a paper's PDF as a small JPEG, as Hugging Face cards show it. A background thread walks the recently
 * listed papers ({@code candidates}), fetches each missing PDF from arXiv through the polite client (one at a time,
 * with arXiv's delay) and keeps the picture in {@code $PAPERS_HOME/thumbnails/<id>.jpg}, or {@code <id>.none} when the
 * PDF cannot be had or read (not asked again). The site serves them itself, never hot-linking. A standalone class
 * that a sources framework can drive later ({@link #fetch}).
 */
public final class Thumbnails implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Thumbnails.class);
    /** Pixel width of a thumbnail: twice the 96 CSS pixels of a card, for sharp high-density screens. */
    public static final int WIDTH = 192;
    /** A PDF larger than this is not rendered (a scanned book, not a paper). */
    private static final long MAX_PDF_BYTES = 60L << 20;
    private static final Duration ROUND = Duration.ofMinutes(10);

    private final Path dir;
    private final PoliteHttpClient http;
    private final String site;
    private final Supplier<List<String>> candidates;
    private volatile Thread worker;
    /** Whom rendering yields to (null: nobody); see {@link #yieldingTo}. */
    private volatile ReaderGate readers;

    /**
     * @param site       arXiv's address without a trailing slash (PDFs at {@code <site>/pdf/<id>})
     * @param candidates the papers that should have a thumbnail, most wanted first (recently listed ones)
     */
    public Thumbnails(Path dir, PoliteHttpClient http, String site, Supplier<List<String>> candidates) {
        this.dir = dir;
        this.http = http;
        this.site = site;
        this.candidates = candidates;
    }

    /** The stored picture's file, if there is one. */
    public Optional<Path> file(String id) {
        Path jpg = path(id, ".jpg");
        return Files.exists(jpg) ? Optional.of(jpg) : Optional.empty();
    }

    public boolean has(String id) {
        return Files.exists(path(id, ".jpg"));
    }

    public boolean known(String id) {
        return has(id) || Files.exists(path(id, ".none"));
    }

    /** Fetches the paper's PDF and stores its page 1: true when stored, false when it cannot be (remembered). */
    public boolean fetch(String id) throws IOException {
        Files.createDirectories(dir);
        byte[] pdf;
        try (InputStream in = http.get(URI.create(site + "/pdf/" + id))) {
            pdf = in.readNBytes((int) MAX_PDF_BYTES + 1);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).endsWith("HTTP 404")) {
                PrivateFiles.writeAtomically(path(id, ".none"), new byte[0]);
                return false;
            }
            throw e;
        }
        byte[] jpeg;
        try {
            if (pdf.length > MAX_PDF_BYTES) {
                throw new IOException("larger than " + MAX_PDF_BYTES + " bytes");
            }
            long started = System.nanoTime();
            try {
                jpeg = render(pdf);
            } finally {
                ReaderGate gate = readers;
                if (gate != null) { // rendering a page takes a core for a while: rest so readers keep theirs
                    gate.restAfterStep(System.nanoTime() - started);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.info("no thumbnail for {}: its PDF cannot be read ({})", id, e.toString());
            PrivateFiles.writeAtomically(path(id, ".none"), new byte[0]);
            return false;
        }
        PrivateFiles.writeAtomically(path(id, ".jpg"), jpeg);
        return true;
    }

    /** Page 1 of a PDF, {@link #WIDTH} pixels wide, as a JPEG. */
    public static byte[] render(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            if (doc.getNumberOfPages() == 0) {
                throw new IOException("the PDF has no pages");
            }
            PDPage page = doc.getPage(0);
            float scale = WIDTH / page.getCropBox().getWidth(); // scale 1 is 72 dpi: one pixel a point
            BufferedImage image = new PDFRenderer(doc).renderImage(0, scale, ImageType.RGB);
            ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.8f);
                writer.setOutput(stream);
                writer.write(null, new IIOImage(image, null, null), param);
            } finally {
                writer.dispose();
            }
            return out.toByteArray();
        }
    }

    /**
     * Rendering yields to {@code gate}'s readers: while requests arrive, each render is followed by a rest nine times
     * its length (PDFBox takes a core while it draws a page, and thread priorities do nothing on Linux). Fetching is
     * already paced by the polite client.
     */
    public Thumbnails yieldingTo(ReaderGate gate) {
        this.readers = gate;
        return this;
    }

    /** Starts the background walk (a daemon thread at low priority): every ten minutes, the missing thumbnails. */
    public Thumbnails start() {
        worker = papers.paper.BackgroundThread.start("thumbnail-fetcher", this::run);
        return this;
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                for (String id : candidates.get()) {
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    if (!known(id)) {
                        try {
                            fetch(id);
                        } catch (IOException e) {
                            if (Thread.currentThread().isInterrupted()) {
                                return; // stopping: the paper is tried again at the next start
                            }
                            LOG.info("thumbnail of {} not fetched: {}", id, e.getMessage());
                        }
                    }
                }
            } catch (RuntimeException e) { // the store unreachable for a moment: try again next round
                LOG.warn("thumbnail round failed", e);
            }
            try {
                Thread.sleep(ROUND);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        papers.paper.BackgroundThread.stop(worker);
    }

    private Path path(String id, String suffix) {
        return dir.resolve(id.replace('/', '_') + suffix);
    }
}
