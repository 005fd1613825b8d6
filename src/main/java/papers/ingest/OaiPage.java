package papers.ingest;

/**
 * What one OAI-PMH answer said about the list it belongs to.
 *
 * @param records           records the page held, rejected ones included and deleted ones not
 * @param resumptionToken   the token to ask for the next page; null when the list is complete (the element is
 *                          absent, or empty as on the last page)
 * @param completeListSize  the size of the whole list when the repository says, else null
 */
public record OaiPage(int records, String resumptionToken, Integer completeListSize) {
}
