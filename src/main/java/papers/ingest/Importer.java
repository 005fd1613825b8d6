package papers.ingest;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import papers.paper.Paper;
import papers.paper.PaperStore;
import papers.paper.UpsertResult;

/**
 * Imports papers from a file (plain or gzip) or an http(s) URL into the store, in batches of whole records.
 * Query URLs of the arXiv API are followed page by page ({@code start}), OAI-PMH lists by
 * {@code resumptionToken}. A malformed record is rejected and logged; a malformed source stops the import after
 * committing the whole records read before it.
 */
public final class Importer {

    /** Papers per transaction: large enough to amortise commits, small enough to keep memory flat. */
    static final int BATCH = 1_000;
    /** Rejection reasons echoed to the caller (all of them go to the reject log). */
    static final int SHOWN_REJECTIONS = 5;

    private static final Pattern DAY_IN_NAME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.json(\\.gz)?$");

    private final PaperStore store;
    private final PoliteHttpClient http;
    private final RejectLog rejectLog;

    public Importer(PaperStore store, PoliteHttpClient http, RejectLog rejectLog) {
        this.store = store;
        this.http = http;
        this.rejectLog = rejectLog;
    }

    /**
     * @param maxRecords stop following pages of a URL source once this many records were read (0: no limit)
     * @throws MalformedSourceException when the source cannot be parsed; whole records before it are committed
     * @throws IOException              when the source cannot be read or fetched
     */
    public ImportReport run(ImportFormat format, String source, long maxRecords, ImportProgress progress)
            throws IOException, MalformedSourceException {
        Batch batch = new Batch(source, progress);
        try {
            if (source.startsWith("http://") || source.startsWith("https://")) {
                importUrl(format, parseUri(source), maxRecords, batch);
            } else {
                importFile(format, Path.of(source), batch);
            }
        } finally {
            batch.flush(); // whole records parsed before a failure are kept
        }
        return batch.report();
    }

    /** Imports an already-open stream (plain or gzip), e.g. the bundled demo data. */
    public ImportReport runStream(ImportFormat format, InputStream in, String label)
            throws IOException, MalformedSourceException {
        Batch batch = new Batch(label, ImportProgress.NONE);
        try {
            readAll(format, decompress(in), batch, null);
        } finally {
            batch.flush();
        }
        return batch.report();
    }

    private void importFile(ImportFormat format, Path path, Batch batch) throws IOException, MalformedSourceException {
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "no such file");
        }
        if (Files.isDirectory(path)) {
            throw new IOException(path + " is a folder, not a file");
        }
        try (InputStream raw = Files.newInputStream(path)) {
            CountingStream counted = new CountingStream(raw, n -> batch.progress(n, size));
            readAll(format, decompress(counted), batch, dayFromName(path.getFileName().toString()));
        }
    }

    private void importUrl(ImportFormat format, URI uri, long maxRecords, Batch batch)
            throws IOException, MalformedSourceException {
        switch (format) {
            case HF_DAILY -> {
                LocalDate day = parseDay(queryParameters(uri).get("date"));
                try (InputStream in = http.get(uri)) {
                    readAll(format, decompress(in), batch, day);
                }
            }
            case ARXIV_ATOM -> followAtomPages(uri, maxRecords, batch);
            case OAI -> followResumption(uri, maxRecords, batch);
        }
    }

    /** arXiv API: fetch {@code start=0}, then {@code start += itemsPerPage} until the results or the limit end. */
    private void followAtomPages(URI uri, long maxRecords, Batch batch) throws IOException, MalformedSourceException {
        Map<String, String> query = queryParameters(uri);
        long start = parseLong(query.getOrDefault("start", "0"), "start");
        while (true) {
            query.put("start", Long.toString(start));
            AtomPage page;
            try (InputStream in = http.get(withQuery(uri, query))) {
                page = ArxivAtomReader.read(decompress(in), batch);
            }
            int perPage = page.itemsPerPage() > 0 ? page.itemsPerPage() : page.entries();
            start = (page.startIndex() >= 0 ? page.startIndex() : start) + perPage;
            batch.pageDone(page.totalResults());
            if (page.entries() == 0 || perPage <= 0 || page.totalResults() >= 0 && start >= page.totalResults()
                    || maxRecords > 0 && batch.records >= maxRecords) {
                return;
            }
        }
    }

    /** OAI-PMH: repeat with {@code verb=ListRecords&resumptionToken=...} until the token is empty or absent. */
    private void followResumption(URI uri, long maxRecords, Batch batch) throws IOException, MalformedSourceException {
        URI next = uri;
        while (true) {
            OaiPage page;
            try (InputStream in = http.get(next)) {
                page = OaiPmhReader.read(decompress(in), batch);
            }
            batch.pageDone(page.completeListSize() == null ? -1 : page.completeListSize());
            if (page.resumptionToken() == null || maxRecords > 0 && batch.records >= maxRecords) {
                return;
            }
            Map<String, String> query = new LinkedHashMap<>();
            query.put("verb", "ListRecords");
            query.put("resumptionToken", page.resumptionToken());
            next = withQuery(uri, query);
        }
    }

    private static void readAll(ImportFormat format, InputStream in, Batch batch, LocalDate listingDay)
            throws IOException, MalformedSourceException {
        switch (format) {
            case HF_DAILY -> new HfDailyReader(listingDay).read(in, batch);
            case ARXIV_ATOM -> ArxivAtomReader.read(in, batch);
            case OAI -> OaiPmhReader.read(in, batch);
        }
    }

    /** Gzip is recognised by its magic bytes, whatever the file is called. */
    private static InputStream decompress(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    /** A raw {@code /api/daily_papers?date=} answer saved as {@code ...YYYY-MM-DD.json} was listed on that day. */
    private static LocalDate dayFromName(String name) {
        var m = DAY_IN_NAME.matcher(name);
        if (!m.find()) {
            return null;
        }
        try {
            return LocalDate.parse(m.group(1));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static LocalDate parseDay(String s) throws IOException {
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new IOException("date=" + s + " in the URL is not a YYYY-MM-DD day");
        }
    }

    private static long parseLong(String s, String name) throws IOException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IOException(name + "=" + s + " in the URL is not a number");
        }
    }

    private static URI parseUri(String s) throws IOException {
        try {
            URI uri = new URI(s);
            if (uri.getHost() == null) {
                throw new IOException("not a URL with a host: " + s);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IOException("not a valid URL: " + s + " (" + e.getReason() + ")");
        }
    }

    public static Map<String, String> queryParameters(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    public static URI withQuery(URI uri, Map<String, String> params) {
        StringBuilder q = new StringBuilder();
        for (var e : params.entrySet()) {
            if (!q.isEmpty()) {
                q.append('&');
            }
            q.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        String base = uri.toString();
        int cut = base.indexOf('?');
        return URI.create((cut < 0 ? base : base.substring(0, cut)) + "?" + q);
    }

    /**
     * Collects records into transactions of {@link #BATCH} papers and keeps the counts. Batches are written on a
     * second thread while the next one is parsed (a parser and a database each keep a core busy); at most
     * {@link #IN_FLIGHT} batches wait, so memory stays flat however large the source.
     */
    private final class Batch implements RecordSink {
        private static final int IN_FLIGHT = 2;
        private final String source;
        private final ImportProgress progress;
        private final List<String> shown = new ArrayList<>();
        private final ArrayDeque<Future<UpsertResult>> writes = new ArrayDeque<>();
        private ExecutorService writer;
        private List<Paper> pending = new ArrayList<>();
        private UpsertResult result = UpsertResult.NONE;
        private int rejected;
        private long records;
        private long pagesTotal = -1;

        Batch(String source, ImportProgress progress) {
            this.source = source;
            this.progress = progress;
        }

        @Override
        public void accept(Paper paper) {
            records++;
            pending.add(paper);
            if (pending.size() >= BATCH) {
                send();
            }
        }

        @Override
        public void reject(String where, String reason) {
            records++;
            rejected++;
            rejectLog.write(source, where, reason);
            if (shown.size() < SHOWN_REJECTIONS) {
                shown.add(where + ": " + reason);
            }
        }

        private void send() {
            if (pending.isEmpty()) {
                return;
            }
            if (writer == null) {
                writer = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "import-writer");
                    t.setDaemon(true);
                    return t;
                });
            }
            List<Paper> papers = pending;
            pending = new ArrayList<>(BATCH);
            writes.add(writer.submit(() -> store.upsert(papers)));
            while (writes.size() > IN_FLIGHT) {
                collect(writes.poll());
            }
        }

        private void collect(Future<UpsertResult> write) {
            try {
                result = result.plus(write.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while saving papers", e);
            }
        }

        /** Writes what is pending and waits for every write: afterwards all whole records read are committed. */
        void flush() {
            try {
                send();
                while (!writes.isEmpty()) {
                    collect(writes.poll());
                }
            } finally {
                if (writer != null) {
                    writer.shutdown();
                }
            }
        }

        void progress(long bytes, long totalBytes) {
            progress.update(bytes, totalBytes, records);
        }

        void pageDone(long total) {
            pagesTotal = total;
            progress.update(records, pagesTotal, records);
        }

        ImportReport report() {
            return new ImportReport(result.created(), result.updated(), result.unchanged(), rejected,
                    List.copyOf(shown));
        }
    }

    /** Counts the bytes read from a file, for the progress bar. */
    private static final class CountingStream extends FilterInputStream {
        private final LongConsumer onRead;
        private long count;
        private long reported;

        CountingStream(InputStream in, LongConsumer onRead) {
            super(in);
            this.onRead = onRead;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(long n) {
            count += n;
            if (count - reported >= 1 << 20) { // every MiB: cheap, and smooth enough for a bar
                reported = count;
                onRead.accept(count);
            }
        }
    }
}
