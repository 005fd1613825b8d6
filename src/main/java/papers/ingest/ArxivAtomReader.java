package papers.ingest;
public class ArxivAtomReader { public static AtomPage read(java.io.InputStream in, RecordSink s) throws MalformedSourceException { throw new UnsupportedOperationException(); } }
