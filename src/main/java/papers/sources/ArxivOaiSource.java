package papers.sources;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import papers.ingest.ImportReport;
import papers.ingest.Importer;
import papers.ingest.MalformedSourceException;
import papers.ingest.OaiPage;
import papers.ingest.OaiPmhReader;
import papers.ingest.PoliteHttpClient;
import papers.ingest.RejectLog;
import papers.paper.Paper;
import papers.paper.PaperStore;

/**
 * Incremental OAI-PMH harvest of arXiv sets. Each page's papers and the harvest's position after it (the
 * resumptionToken, or the next set) commit in one transaction, so a killed harvest resumes at the page after the
 * last one stored: no gap, nothing read twice. The watermark (the latest datestamp seen) is raised only in the
 * transaction of the last page, when every record up to it is stored; the next harvest asks {@code from=} that day
 * (day granularity re-reads one day, which the idempotent import absorbs). A token the repository no longer honours
 * restarts the harvest from the watermark.
 *
 * <p>Papers with one of {@code list_categories} are listed on the day of the datestamp at which they were first
 * harvested (the store keeps a first listing day); the others are stored and searchable, not listed.
 */
final class ArxivOaiSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(ArxivOaiSource.class);

    private final SourceSpec spec;
    private final PaperStore papers;
    private final SourceStateStore states;
    private final PoliteHttpClient http;
    private final RejectLog rejects;

    ArxivOaiSource(SourceSpec spec, PaperStore papers, SourceStateStore states, PoliteHttpClient http,
                   RejectLog rejects) {
        this.spec = spec;
        this.papers = papers;
        this.states = states;
        this.http = http;
        this.rejects = rejects;
    }

    /** Where a harvest stands: the set being read and the token of its next page (null: its first page). */
    private record Position(int set, String token) {
        static Position parse(String cursor, List<String> sets) {
            if (cursor == null) {
                return new Position(0, null);
            }
            int nl = cursor.indexOf('\n');
            int set = sets.indexOf(nl < 0 ? cursor : cursor.substring(0, nl));
            String token = nl < 0 || nl == cursor.length() - 1 ? null : cursor.substring(nl + 1);
            return set < 0 ? new Position(0, null) : new Position(set, token);
        }

        String format(List<String> sets) {
            return sets.get(set) + "\n" + (token == null ? "" : token);
        }
    }

    @Override
    public ImportReport run() throws IOException, MalformedSourceException {
        SourceState state = states.find(spec.name()).orElseThrow();
        Position at = Position.parse(state.cursor(), spec.sets());
        String from = state.watermark() != null ? state.watermark() : spec.since().toString();
        Sink sink = new Sink(state.harvestMax());
        try {
            harvest(at, from, sink);
        } catch (MalformedSourceException e) {
            if (at.token() == null || !String.valueOf(e.getMessage()).contains("badResumptionToken")) {
                throw e;
            }
            LOG.info("source {}: the stored resumptionToken expired; harvesting again from {}", spec.name(), from);
            papers.upsert(List.of(), h -> SourceStateStore.harvestProgress(h, spec.name(), null, null));
            sink.latest = null;
            harvest(new Position(0, null), from, sink);
        }
        return sink.report();
    }

    private void harvest(Position start, String from, Sink sink) throws IOException, MalformedSourceException {
        List<String> sets = spec.sets();
        Position at = start;
        while (true) {
            Map<String, String> query = new LinkedHashMap<>(Importer.queryParameters(spec.url()));
            query.put("verb", "ListRecords");
            if (at.token() != null) {
                query.put("resumptionToken", at.token());
            } else {
                query.put("metadataPrefix", spec.metadataPrefix());
                query.put("from", from);
                query.put("set", sets.get(at.set()));
            }
            URI uri = Importer.withQuery(spec.url(), query);
            OaiPage page;
            try (InputStream in = http.get(uri)) {
                page = OaiPmhReader.read(in, sink);
            }
            Position next = page.resumptionToken() != null ? new Position(at.set(), page.resumptionToken())
                    : at.set() + 1 < sets.size() ? new Position(at.set() + 1, null) : null;
            String latest = sink.latest;
            if (next == null) {
                String watermark = latest != null ? latest : from;
                sink.store(papers, h -> SourceStateStore.harvestDone(h, spec.name(), watermark));
                return;
            }
            sink.store(papers, h -> SourceStateStore.harvestProgress(h, spec.name(), next.format(sets), latest));
            at = next;
        }
    }

    /** Lists papers of the chosen categories on their datestamp's day and keeps the latest datestamp. */
    private final class Sink extends Tally {
        String latest;
        private LocalDate recordDay;

        Sink(String latest) {
            super(spec.name(), rejects);
            this.latest = latest;
        }

        @Override
        public void datestamp(String datestamp) {
            String day = datestamp.length() >= 10 ? datestamp.substring(0, 10) : datestamp;
            try {
                recordDay = LocalDate.parse(day);
            } catch (java.time.format.DateTimeParseException e) {
                recordDay = null;
                return;
            }
            if (latest == null || day.compareTo(latest) > 0) {
                latest = day;
            }
        }

        @Override
        public void accept(Paper paper) {
            boolean listed = recordDay != null && paper.categories().stream().anyMatch(spec.listCategories()::contains);
            super.accept(listed ? paper.withListing(recordDay, null) : paper);
        }
    }
}
