package papers.ingest;

import papers.paper.Paper;

/** Where a reader hands each record it parsed: a whole paper, or the reason a record was rejected. */
public interface RecordSink {

    void accept(Paper paper);

    /**
     * @param where  which record, as a person would find it again (e.g. "line 12" or "entry 3 (2405.15738)")
     * @param reason what is wrong with it
     */
    void reject(String where, String reason);

    /**
     * OAI-PMH: the header datestamp of the record read next (deleted records included), before its
     * {@link #accept} or {@link #reject}; a harvest keeps the latest as its watermark.
     */
    default void datestamp(String datestamp) {
    }
}
