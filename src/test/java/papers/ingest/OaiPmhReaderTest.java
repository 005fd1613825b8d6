package papers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import papers.paper.Author;
import papers.paper.Paper;
import papers.support.CollectingSink;
import papers.support.Fixtures;

class OaiPmhReaderTest {

    private static final String OAI_START = """
            <?xml version="1.0" encoding="UTF-8"?>
            <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
            <responseDate>2024-01-27T17:53:42Z</responseDate>
            <request verb="ListRecords" metadataPrefix="arXiv">http://export.arxiv.org/oai2</request>
            """;

    private final CollectingSink sink = new CollectingSink();

    private OaiPage read(String fixture) throws Exception {
        try (InputStream in = Fixtures.open(fixture)) {
            return OaiPmhReader.read(in, sink);
        }
    }

    private OaiPage readText(String xml) throws Exception {
        return OaiPmhReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), sink);
    }

    private static String listRecords(String... records) {
        return OAI_START + "<ListRecords>" + String.join("\n", records) + "</ListRecords></OAI-PMH>";
    }

    /** A record in the arXiv format, in the shape of the hep-ex/hep-th fixtures; null parts are left out. */
    private static String arxivRecord(String id, String title, String created) {
        return "<record><header><identifier>oai:arXiv.org:" + (id == null ? "" : id) + "</identifier></header>"
                + "<metadata><arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\">"
                + (id == null ? "" : "<id>" + id + "</id>")
                + "<created>" + created + "</created>"
                + "<authors><author><keyname>Doe</keyname><forenames>Jane</forenames></author></authors>"
                + (title == null ? "" : "<title>" + title + "</title>")
                + "<categories>cs.LG</categories><abstract>An abstract.</abstract></arXiv></metadata></record>";
    }

    @Test
    void readsTheArxivFormatFromHepEx() throws Exception {
        OaiPage page = read("arxiv-oai-listrecords-arXiv-physics-hep-ex-2017-12-14.xml");

        assertThat(page).isEqualTo(new OaiPage(3, null, null));
        assertThat(sink.rejections).isEmpty();
        assertThat(sink.papers).extracting(Paper::id).containsExactly("1706.05371", "1706.09418", "1707.00874");

        Paper sipm = sink.paper("1706.05371");
        assertThat(sipm.version()).isNull();
        assertThat(sipm.title())
                .isEqualTo("Evaluation of Silicon Photomultipliers for use as Photosensors in Liquid Xenon Detectors");
        assertThat(sipm.authors()).hasSize(13);
        assertThat(sipm.authors().getFirst()).isEqualTo(Author.named("Tyler Anderson"));
        assertThat(sipm.authors().getLast()).isEqualTo(Author.named("Mani Tripathi"));
        assertThat(sipm.publishedAt()).isEqualTo(Instant.parse("2017-06-16T00:00:00Z"));
        assertThat(sipm.categories()).containsExactly("physics.ins-det", "hep-ex");
        assertThat(sipm.comments()).isEqualTo("10 pages, 9 figures");
        assertThat(sipm.journalRef()).isNull();
        assertThat(sipm.doi()).isNull();
        assertThat(sipm.listedOn()).isNull();

        Paper rpv = sink.paper("1706.09418");
        assertThat(rpv.title()).isEqualTo("R-Parity Violation at the LHC");
        assertThat(rpv.authors()).extracting(Author::name).containsExactly(
                "Daniel Dercks", "Herbi Dreiner", "Manuel E. Krauss", "Toby Opferkuch", "Annika Reinert");
        assertThat(rpv.publishedAt()).isEqualTo(Instant.parse("2017-06-28T00:00:00Z"));
        assertThat(rpv.categories()).containsExactly("hep-ph", "hep-ex");
        assertThat(rpv.comments()).isEqualTo("43 pages, 13 tables, 17 figures; updated Figs. 11-17 and Tab. 12 "
                + "including NLO corrections; version accepted for publication in EPJC");
        assertThat(rpv.journalRef()).isEqualTo("Eur. Phys. J. C (2017) 77:856");
        assertThat(rpv.doi()).isEqualTo("10.1140/epjc/s10052-017-5414-4");
        assertThat(rpv.abstractText()).startsWith("We investigate the phenomenology of the MSSM extended")
                .contains("including the $\\bar U\\bar D\\bar D$ models.")
                .endsWith("all relevant supersymmetric particles.").doesNotContain("\n");
    }

    @Test
    void readsTheArxivFormatFromHepTh() throws Exception {
        OaiPage page = read("arxiv-oai-listrecords-arXiv-physics-hep-th-2017-12-14.xml");

        assertThat(page).isEqualTo(new OaiPage(3, null, null));
        assertThat(sink.papers).extracting(Paper::id).containsExactly("1412.8323", "1507.07790", "1607.01710");

        Paper ab = sink.paper("1507.07790");
        assertThat(ab.title())
                .isEqualTo("Relativistic quantum dynamics of vector bosons in an Aharonov-Bohm potential");
        assertThat(ab.authors()).containsExactly(Author.named("Luis B. Castro"), Author.named("Edilberto O. Silva"));
        assertThat(ab.publishedAt()).isEqualTo(Instant.parse("2015-07-28T00:00:00Z"));
        assertThat(ab.categories()).containsExactly("hep-th", "math-ph", "math.MP", "quant-ph");
        assertThat(ab.comments()).isEqualTo("7 pages");
        assertThat(ab.journalRef()).isEqualTo("J. Phys. A: Math. Theor. 51 (2018) 035201");
        assertThat(ab.doi()).isEqualTo("10.1088/1751-8121/aa9c53");

        Paper branes = sink.paper("1607.01710");
        assertThat(branes.authors()).hasSize(5);
        assertThat(branes.authors().get(3).name()).isEqualTo("A. de Souza Dutra");
        assertThat(branes.authors().getLast().name()).isEqualTo("C. A. S. Almeida");
        assertThat(branes.comments()).isNull();
        assertThat(branes.doi()).isEqualTo("10.1002/andp.201700188");

        assertThat(sink.paper("1412.8323").authors()).containsExactly(Author.named("Philipp A Hoehn"));
    }

    @Test
    void readsAGetRecordWhoseArxivElementHasNoNamespaceOfItsOwn() throws Exception {
        OaiPage page = read("arxiv-oai-getrecord-arXiv-1601.03238.xml");

        assertThat(page).isEqualTo(new OaiPage(1, null, null));
        Paper p = sink.paper("1601.03238");
        assertThat(p.title()).isEqualTo("Irreversible degradation of quantum coherence under relativistic motion");
        // A collaboration has a keyname and no forenames.
        assertThat(p.authors()).extracting(Author::name)
                .containsExactly("Planck Collaboration", "Jieci Wang", "Zehua Tian", "Jiliang Jing", "Heng Fan");
        assertThat(p.publishedAt()).isEqualTo(Instant.parse("2016-01-13T00:00:00Z"));
        assertThat(p.categories()).containsExactly("quant-ph", "gr-qc", "hep-th", "chao-dyn", "nlin.CD");
        assertThat(p.comments()).isEqualTo("6 pages, 4 figures, conference paper");
        assertThat(p.journalRef()).isEqualTo("Phys.Rev. D93 (2015) 016005");
        // Several DOIs in one element are kept as arXiv wrote them.
        assertThat(p.doi())
                .isEqualTo("10.1103/PhysRevD.93.016005, 10.1103/PhysRevD.98.079901;10.1103/PhysRevD.98.079903");
        assertThat(p.abstractText()).startsWith("We study the dynamics of quantum coherence under Unruh thermal noise");
    }

    @Test
    void readsDublinCoreWithItsResumptionToken() throws Exception {
        OaiPage page = read("arxiv-oai-listrecords-oai_dc-cs-2024-01-25-with-resumptionToken.xml");

        assertThat(page).isEqualTo(new OaiPage(5, "6960524|1001", 1162));
        assertThat(sink.rejections).isEmpty();
        assertThat(sink.papers).extracting(Paper::id)
                .containsExactly("1303.2033", "2401.14034", "2401.14036", "2401.14038", "2401.14040");

        Paper fourier = sink.paper("1303.2033");
        assertThat(fourier.version()).isNull();
        assertThat(fourier.title()).isEqualTo("Extended Fourier analysis of signals");
        assertThat(fourier.authors()).containsExactly(Author.named("Vilnis Liepins"));
        assertThat(fourier.abstractText()).startsWith("This summary of the doctoral thesis is created to emphasize")
                .endsWith("EDFT application could be considered as a real alternative.");
        assertThat(fourier.comments()).isEqualTo("32 pages, 9 figures");
        // The first dc:date is the first version's (2013-03-08); the second (2024-01-23) a revision.
        assertThat(fourier.publishedAt()).isEqualTo(Instant.parse("2013-03-08T00:00:00Z"));
        assertThat(fourier.categories()).isEmpty(); // dc:subject holds long names, not categories

        Paper skeleton = sink.paper("2401.14034");
        assertThat(skeleton.authors()).hasSize(6);
        assertThat(skeleton.authors().getFirst().name()).isEqualTo("Chuankun Li");
        assertThat(skeleton.authors().getLast().name()).isEqualTo("Wanqing Li");
        assertThat(skeleton.comments()).isNull();

        Paper chat = sink.paper("2401.14040");
        assertThat(chat.title()).isEqualTo("(Chat)GPT v BERT: Dawn of Justice for Semantic Change Detection");
        assertThat(chat.authors()).extracting(Author::name)
                .containsExactly("Francesco Periti", "Haim Dubossarsky", "Nina Tahmasebi");
        assertThat(chat.comments()).isEqualTo("Accepted to the Findings of EACL 2024");
        assertThat(chat.publishedAt()).isEqualTo(Instant.parse("2024-01-25T00:00:00Z"));
        assertThat(chat.journalRef()).isNull();
        assertThat(chat.doi()).isNull();

        assertThat(sink.paper("2401.14038").authors()).extracting(Author::name)
                .containsExactly("Hai-Xin Zhang", "Dong Huang");
    }

    @Test
    void rejectsRecordsWithoutIdOrTitleOrWithABadDateAndKeepsTheOthers() throws Exception {
        OaiPage page = readText(listRecords(
                arxivRecord("2401.00001", "Good one", "2024-01-01"),
                arxivRecord(null, "No id", "2024-01-01"),
                arxivRecord("12345", "Bad id", "2024-01-01"),
                arxivRecord("2401.00004", null, "2024-01-01"),
                arxivRecord("2401.00005", "Bad date", "2024-13-45"),
                "<record><header><identifier>oai:arXiv.org:2401.00006</identifier></header></record>",
                arxivRecord("2401.00007", "Good two", "2024-01-02"),
                "<resumptionToken cursor=\"0\" completeListSize=\"2000\">7000000|1001</resumptionToken>"));

        assertThat(page).isEqualTo(new OaiPage(7, "7000000|1001", 2000));
        assertThat(sink.papers).extracting(Paper::id).containsExactly("2401.00001", "2401.00007");
        assertThat(sink.paper("2401.00007").authors()).containsExactly(Author.named("Jane Doe"));
        assertThat(sink.rejections).containsExactly(
                "record 2: no arXiv id",
                "record 3 (12345): not an arXiv id: '12345'",
                "record 4 (2401.00004): title is empty",
                "record 5 (2401.00005): created is not a date: '2024-13-45'",
                "record 6 (2401.00006): no metadata");
    }

    @Test
    void skipsDeletedRecordsSilentlyAndAnEmptyTokenEndsTheList() throws Exception {
        OaiPage page = readText(listRecords(
                "<record><header status=\"deleted\"><identifier>oai:arXiv.org:2401.00001</identifier>"
                        + "<datestamp>2024-01-02</datestamp></header></record>",
                arxivRecord("2401.00002", "Still here", "2024-01-01"),
                "<resumptionToken cursor=\"1000\" completeListSize=\"1002\"/>"));

        assertThat(page).isEqualTo(new OaiPage(1, null, 1002));
        assertThat(sink.papers).extracting(Paper::id).containsExactly("2401.00002");
        assertThat(sink.rejections).isEmpty();
    }

    @Test
    void readsAuthorSuffixesAndDublinCoreFallbacks() throws Exception {
        readText(listRecords(
                "<record><header><identifier>oai:arXiv.org:2401.00001</identifier></header><metadata>"
                        + "<arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\"><id>2401.00001</id><created>2024-01-01</created>"
                        + "<authors><author><keyname>King</keyname><forenames>Martin Luther</forenames>"
                        + "<suffix>Jr</suffix><affiliation>Somewhere</affiliation></author></authors>"
                        + "<title>Suffix</title></arXiv></metadata></record>",
                // No arxiv.org/abs identifier: the id comes from the header; a doi: identifier is the DOI.
                "<record><header><identifier>oai:arXiv.org:hep-th/9901001</identifier></header><metadata>"
                        + "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" "
                        + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Old style</dc:title>"
                        + "<dc:creator>Smith, John, Jr</dc:creator><dc:creator>ATLAS Collaboration</dc:creator>"
                        + "<dc:description>Comment: 3 pages</dc:description>"
                        + "<dc:description>The abstract.</dc:description><dc:date>1999-01-01</dc:date>"
                        + "<dc:identifier>doi:10.1000/xyz</dc:identifier></oai_dc:dc></metadata></record>"));

        assertThat(sink.rejections).isEmpty();
        assertThat(sink.paper("2401.00001").authors()).containsExactly(Author.named("Martin Luther King Jr"));
        Paper old = sink.paper("hep-th/9901001");
        assertThat(old.authors()).extracting(Author::name).containsExactly("John Smith Jr", "ATLAS Collaboration");
        assertThat(old.comments()).isEqualTo("3 pages");
        assertThat(old.abstractText()).isEqualTo("The abstract.");
        assertThat(old.doi()).isEqualTo("10.1000/xyz");
        assertThat(old.publishedAt()).isEqualTo(Instant.parse("1999-01-01T00:00:00Z"));
    }

    @Test
    void readsArxivRawWithTheLatestVersionAndTheTimeOfTheFirst() throws Exception {
        OaiPage page = readText(listRecords("""
                <record><header><identifier>oai:arXiv.org:0704.0001</identifier></header><metadata>
                <arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/">
                <id>0704.0001</id><submitter>Pavel Nadolsky</submitter>
                <version version="v1"><date>Mon, 2 Apr 2007 19:18:42 GMT</date><size>424kb</size></version>
                <version version="v2"><date>Tue, 24 Jul 2007 20:10:27 GMT</date><size>424kb</size></version>
                <title>Calculation of prompt diphoton production cross sections at Tevatron and
                  LHC energies</title>
                <authors>C. Bal\\'azs, E. L. Berger (ANL), P. M. Nadolsky and C.-P. Yuan</authors>
                <categories>hep-ph</categories>
                <comments>37 pages, 15 figures</comments>
                <journal-ref>Phys.Rev.D76:013009,2007</journal-ref>
                <doi>10.1103/PhysRevD.76.013009</doi>
                <abstract>  A fully differential calculation in perturbative quantum chromodynamics.
                </abstract></arXivRaw></metadata></record>
                """));

        assertThat(page.records()).isEqualTo(1);
        assertThat(sink.rejections).isEmpty();
        Paper p = sink.paper("0704.0001");
        assertThat(p.version()).isEqualTo(2);
        assertThat(p.publishedAt()).isEqualTo(Instant.parse("2007-04-02T19:18:42Z"));
        assertThat(p.title())
                .isEqualTo("Calculation of prompt diphoton production cross sections at Tevatron and LHC energies");
        assertThat(p.authors()).extracting(Author::name)
                .containsExactly("C. Bal\\'azs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan");
        assertThat(p.categories()).containsExactly("hep-ph");
        assertThat(p.journalRef()).isEqualTo("Phys.Rev.D76:013009,2007");
        assertThat(p.doi()).isEqualTo("10.1103/PhysRevD.76.013009");
        assertThat(p.abstractText()).isEqualTo("A fully differential calculation in perturbative quantum chromodynamics.");
    }

    @Test
    void noRecordsMatchIsAnEmptyPage() throws Exception {
        OaiPage page = readText(OAI_START
                + "<error code=\"noRecordsMatch\">No records match the request</error></OAI-PMH>");

        assertThat(page).isEqualTo(new OaiPage(0, null, null));
        assertThat(sink.papers).isEmpty();
        assertThat(sink.rejections).isEmpty();
    }

    @Test
    void anyOtherOaiErrorIsMalformedWithItsCodeAndMessage() {
        String badArgument = OAI_START
                + "<error code=\"badArgument\">Illegal argument 'metadataPrefix' with value 'nope'</error></OAI-PMH>";

        assertThatThrownBy(() -> readText(badArgument)).isInstanceOf(MalformedSourceException.class)
                .hasMessage("the OAI-PMH repository answered with error badArgument: "
                        + "Illegal argument 'metadataPrefix' with value 'nope'");
    }

    @Test
    void anUnknownMetadataFormatOrAVerbWithoutRecordsIsMalformed() {
        assertThatThrownBy(() -> readText(listRecords("<record><header><identifier>oai:arXiv.org:2401.00001"
                + "</identifier></header><metadata><marc xmlns=\"http://www.loc.gov/MARC21/slim\"/></metadata></record>")))
                .isInstanceOf(MalformedSourceException.class)
                .hasMessageContaining("metadata format <marc> is not supported");
        assertThatThrownBy(() -> readText(OAI_START + "<ListIdentifiers/></OAI-PMH>"))
                .isInstanceOf(MalformedSourceException.class)
                .hasMessageContaining("ListIdentifiers response holds no records");
    }

    @Test
    void truncatedXmlIsMalformedAfterTheRecordsBeforeTheCut() throws Exception {
        byte[] whole = Fixtures.bytes("arxiv-oai-listrecords-oai_dc-cs-2024-01-25-with-resumptionToken.xml");
        byte[] cut = Arrays.copyOf(whole, whole.length - 200);

        assertThatThrownBy(() -> OaiPmhReader.read(new ByteArrayInputStream(cut), sink))
                .isInstanceOf(MalformedSourceException.class)
                .hasMessageStartingWith("not well-formed XML at line ");
        // Streaming: what came before the cut has already been handed over; the importer decides what to keep.
        assertThat(sink.papers).hasSize(4);
    }

    @Test
    void somethingThatIsNotOaiPmhIsMalformed() throws Exception {
        assertThatThrownBy(() -> readText("<html><body>503 Service Unavailable</body></html>"))
                .isInstanceOf(MalformedSourceException.class)
                .hasMessageStartingWith("not an OAI-PMH response: the root element is <html>");
        assertThatThrownBy(() -> readText("Retry after 30 seconds")).isInstanceOf(MalformedSourceException.class)
                .hasMessageContaining("Content is not allowed in prolog");
        assertThatThrownBy(() -> read("arxiv-api-query-deep-dream-start0.atom"))
                .isInstanceOf(MalformedSourceException.class).hasMessageContaining("root element is <feed>");
    }

    @Test
    void doesNotExpandExternalEntities(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xml = "<?xml version=\"1.0\"?>\n"
                + "<!DOCTYPE OAI-PMH [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + listRecords(arxivRecord("2401.00001", "Leak &xxe;", "2024-01-01"))
                        .replaceFirst("<\\?xml[^>]*>", "");

        try {
            readText(xml);
        } catch (MalformedSourceException e) {
            assertThat(e.getMessage()).doesNotContain("TOP-SECRET-CONTENT");
        }
        assertThat(sink.papers).allSatisfy(p -> assertThat(p.title()).doesNotContain("TOP-SECRET-CONTENT"));
    }
}
