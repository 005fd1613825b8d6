package papers.sources;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** OAI-PMH answers in the shape of arXiv's (the arXiv metadata format of the hep-ex fixture), built per test. */
final class OaiStandIn {

    private OaiStandIn() {
    }

    static byte[] page(String token, String... records) {
        String resumption = token == null ? "" : token.isEmpty()
                ? "<resumptionToken cursor=\"2\" completeListSize=\"4\"/>"
                : "<resumptionToken cursor=\"0\" completeListSize=\"4\">" + token + "</resumptionToken>";
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><responseDate>2026-08-21T00:00:00Z"
                + "</responseDate><request verb=\"ListRecords\">http://export.arxiv.org/oai2</request><ListRecords>"
                + String.join("", records) + resumption + "</ListRecords></OAI-PMH>")
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] noRecordsMatch() {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><responseDate>2026-08-21T00:00:00Z"
                + "</responseDate><request verb=\"ListRecords\">http://export.arxiv.org/oai2</request>"
                + "<error code=\"noRecordsMatch\">No records match</error></OAI-PMH>").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] badResumptionToken() {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><responseDate>2026-08-21T00:00:00Z"
                + "</responseDate><request verb=\"ListRecords\">http://export.arxiv.org/oai2</request>"
                + "<error code=\"badResumptionToken\">expired</error></OAI-PMH>").getBytes(StandardCharsets.UTF_8);
    }

    static String record(String id, String datestamp, String categories) {
        return "<record><header><identifier>oai:arXiv.org:" + id + "</identifier><datestamp>" + datestamp
                + "</datestamp><setSpec>cs</setSpec></header><metadata><arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\">"
                + "<id>" + id + "</id><created>" + datestamp + "</created><authors><author><keyname>Doe</keyname>"
                + "<forenames>Jane</forenames></author></authors><title>Paper " + id + "</title><categories>"
                + categories + "</categories><abstract>An abstract of " + id + ".</abstract></arXiv></metadata>"
                + "</record>";
    }

    static String deleted(String id, String datestamp) {
        return "<record><header status=\"deleted\"><identifier>oai:arXiv.org:" + id + "</identifier><datestamp>"
                + datestamp + "</datestamp><setSpec>cs</setSpec></header></record>";
    }

    static List<String> ids(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).mapToObj(i -> "2608.%05d".formatted(i)).toList();
    }
}
