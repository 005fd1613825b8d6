package papers.ingest;
public record OaiPage(int records, String resumptionToken, Integer completeListSize) { }
