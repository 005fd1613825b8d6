package papers.ingest;
public class OaiPmhReader { public static OaiPage read(java.io.InputStream in, RecordSink s) throws MalformedSourceException { throw new UnsupportedOperationException(); } }
