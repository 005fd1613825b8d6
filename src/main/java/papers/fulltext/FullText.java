package papers.fulltext;

import papers.paper.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papers.ingest.PoliteHttpClient;

/**
 * Papers' whole text as Markdown, converted from arXiv's HTML version ({@code <site>/html/<id>}) and kept under
 * {@code $PAPERS_HOME/fulltext}: {@code <id>.md}, or {@code <id>.none} when arXiv has no HTML version (so it is not
 * asked again). Fetched on demand: the first reader of a paper's Markdown gets the abstract and queues the paper;
 * one daemon thread fetches the queue through the polite client (one request at a time, arXiv's delay between
 * them). A standalone class that a sources framework can drive later ({@link #fetch}).
 */
public final class FullText implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FullText.class);
    /** A queue longer than this drops new requests: they are asked for again on the next read. */
    private static final int MAX_QUEUE = 1000;

    private final Path dir;
    private final PoliteHttpClient http;
    private final String site;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>(MAX_QUEUE);
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private volatile Thread worker;

    /** @param site arXiv's address without a trailing slash (https://arxiv.org, or a local stand-in) */
    public FullText(Path dir, PoliteHttpClient http, String site) {
        this.dir = dir;
        this.http = http;
        this.site = site;
    }

    /** The stored Markdown body of a paper (from its abstract on), if its HTML version has been converted. */
    public Optional<String> stored(String id) {
        Path md = file(id, ".md");
        try {
            return Files.exists(md) ? Optional.of(Files.readString(md)) : Optional.empty();
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", md, e.toString());
            return Optional.empty();
        }
    }

    /** Whether the paper was fetched already (converted, or known to have no HTML version). */
    public boolean known(String id) {
        return Files.exists(file(id, ".md")) || Files.exists(file(id, ".none"));
    }

    /** Queues a paper for the background fetch, unless it is known or queued. */
    public void request(String id) {
        if (worker != null && !known(id) && queued.add(id) && !queue.offer(id)) {
            queued.remove(id);
        }
    }

    /**
     * Fetches and converts one paper now: true when a text was stored, false when arXiv has no HTML version for it
     * (remembered). Network trouble is an IOException and nothing is remembered.
     */
    public boolean fetch(String id) throws IOException {
        Files.createDirectories(dir);
        Document doc;
        URI uri = URI.create(site + "/html/" + id);
        try (InputStream in = http.get(uri)) {
            doc = Jsoup.parse(in, StandardCharsets.UTF_8.name(), uri.toString());
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).endsWith("HTTP 404")) { // no HTML version (PoliteHttpClient's words)
                PrivateFiles.writeAtomically(file(id, ".none"), new byte[0]);
                return false;
            }
            throw e;
        }
        String markdown = ArxivHtmlMarkdown.convert(doc);
        if (markdown.isBlank()) {
            PrivateFiles.writeAtomically(file(id, ".none"), new byte[0]);
            return false;
        }
        PrivateFiles.writeAtomically(file(id, ".md"), markdown.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return true;
    }

    /** Starts the background fetcher (a daemon thread at low priority). */
    public FullText start() {
        worker = papers.paper.BackgroundThread.start("fulltext-fetcher", this::run);
        return this;
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            String id;
            try {
                id = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (!known(id)) {
                    fetch(id);
                }
            } catch (IOException e) {
                LOG.info("full text of {} not fetched: {}", id, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("full text of {} could not be converted", id, e);
            } finally {
                queued.remove(id);
            }
        }
    }

    @Override
    public void close() {
        papers.paper.BackgroundThread.stop(worker);
    }

    private Path file(String id, String suffix) {
        return dir.resolve(id.replace('/', '_') + suffix);
    }
}
