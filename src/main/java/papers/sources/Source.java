package papers.sources;

import java.io.IOException;
import papers.ingest.ImportReport;
import papers.ingest.MalformedSourceException;

/** One kind of remote service followed on a schedule: a run fetches what changed and stores it. */
interface Source {

    /** One run; state that must survive a kill (watermarks) is stored with the papers that moved it. */
    ImportReport run() throws IOException, MalformedSourceException;
}
