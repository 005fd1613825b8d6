package papers.ingest;

/** Told how far an import has come; the CLI draws a progress bar from it. */
public interface ImportProgress {

    ImportProgress NONE = (done, total, records) -> { };

    /**
     * @param done    work done, in the unit of {@code total} (bytes of a file, or records of a paged source)
     * @param total   all the work, or -1 when not known yet
     * @param records records read so far
     */
    void update(long done, long total, long records);
}
