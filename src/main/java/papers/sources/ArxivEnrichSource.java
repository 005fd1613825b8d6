package papers.sources;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import papers.ingest.ArxivAtomReader;
import papers.ingest.ImportReport;
import papers.ingest.Importer;
import papers.ingest.MalformedSourceException;
import papers.ingest.PoliteHttpClient;
import papers.ingest.RejectLog;
import papers.paper.PaperStore;

/**
 * Fills arXiv metadata (categories, comments, journal ref, DOI, version) of listed papers that lack it, as papers
 * mirrored from Hugging Face do, through the arXiv API's {@code id_list}: up to {@value #IDS_PER_REQUEST} ids a
 * request, at most {@code max_requests} requests a run, the newest listings first. Papers arXiv does not return
 * are not asked again in the same run, and in later runs only after a wait that doubles with each miss
 * ({@link SourceStateStore#missed}), so they do not take the requests of papers that can be filled.
 */
final class ArxivEnrichSource implements Source {

    static final int IDS_PER_REQUEST = 100;

    private final SourceSpec spec;
    private final PaperStore papers;
    private final PoliteHttpClient http;
    private final RejectLog rejects;
    private final SourceStateStore states;

    ArxivEnrichSource(SourceSpec spec, PaperStore papers, SourceStateStore states, PoliteHttpClient http,
                      RejectLog rejects) {
        this.spec = spec;
        this.papers = papers;
        this.states = states;
        this.http = http;
        this.rejects = rejects;
    }

    @Override
    public ImportReport run() throws IOException, MalformedSourceException {
        Tally tally = new Tally(spec.name(), rejects);
        Set<String> asked = new HashSet<>(states.waiting(spec.name()));
        for (int request = 0; request < spec.maxRequests(); request++) {
            List<String> ids = papers.listedWithoutArxivDetails(IDS_PER_REQUEST + asked.size()).stream()
                    .filter(id -> !asked.contains(id)).limit(IDS_PER_REQUEST).toList();
            if (ids.isEmpty()) {
                break;
            }
            asked.addAll(ids);
            Map<String, String> query = new LinkedHashMap<>(Importer.queryParameters(spec.url()));
            query.put("id_list", String.join(",", ids));
            query.put("max_results", Integer.toString(ids.size()));
            try (InputStream in = http.get(Importer.withQuery(spec.url(), query))) {
                ArxivAtomReader.read(in, tally);
            }
            tally.page.removeIf(p -> !ids.contains(p.id())); // only what was asked: an answer cannot add papers
            Set<String> returned = new HashSet<>();
            tally.page.forEach(p -> returned.add(p.id()));
            tally.store(papers, h -> { });
            states.missed(spec.name(), ids.stream().filter(id -> !returned.contains(id)).toList());
            states.found(spec.name(), returned);
        }
        return tally.report();
    }
}
