package papers.sources;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import papers.ingest.HfDailyReader;
import papers.ingest.ImportReport;
import papers.ingest.Importer;
import papers.ingest.MalformedSourceException;
import papers.ingest.PoliteHttpClient;
import papers.ingest.RejectLog;
import papers.paper.PaperStore;

/**
 * Mirrors a Hugging Face–compatible {@code /api/daily_papers}: asks {@code ?date=} for today and the
 * {@code days - 1} days before it, oldest first, each day one transaction. New papers are listed on their day (the
 * import rule); counts, stars and AI fields follow the source through the store's merge, with this hub's own votes
 * kept on top. It costs Hugging Face {@code days} small requests a run.
 */
final class HfDailySource implements Source {

    private final SourceSpec spec;
    private final PaperStore papers;
    private final PoliteHttpClient http;
    private final RejectLog rejects;
    private final Clock clock;

    HfDailySource(SourceSpec spec, PaperStore papers, PoliteHttpClient http, RejectLog rejects, Clock clock) {
        this.spec = spec;
        this.papers = papers;
        this.http = http;
        this.rejects = rejects;
        this.clock = clock;
    }

    @Override
    public ImportReport run() throws IOException, MalformedSourceException {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        Tally tally = new Tally(spec.name(), rejects);
        for (int back = spec.days() - 1; back >= 0; back--) {
            LocalDate day = today.minusDays(back);
            Map<String, String> query = new LinkedHashMap<>(Importer.queryParameters(spec.url()));
            query.put("date", day.toString());
            try (InputStream in = http.get(Importer.withQuery(spec.url(), query))) {
                new HfDailyReader(day).read(in, tally);
            }
            tally.store(papers, h -> { });
        }
        return tally.report();
    }
}
