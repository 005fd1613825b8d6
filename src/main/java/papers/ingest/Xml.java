package papers.ingest;

import java.io.IOException;
import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The StAX plumbing the XML readers share: a parser that never reads DTDs or external entities (a feed must not
 * make us open local files or URLs), walking child elements one at a time, and parse errors as
 * {@link MalformedSourceException} with the line and column.
 */
final class Xml {

    private Xml() {
    }

    /** Opens a namespace-aware, coalescing reader with DTDs and external entities off. */
    static XMLStreamReader open(InputStream in) throws MalformedSourceException {
        // A new factory per document: XMLInputFactory is not promised to be thread-safe. The JDK's own
        // implementation is asked for by name so a StAX library on the classpath cannot change the settings.
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            return factory.createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    /**
     * Moves to the root element and checks it is {@code {namespace}localName}.
     *
     * @param what how the expected document is named in the error, e.g. "an Atom feed"
     */
    static void root(XMLStreamReader xml, String namespace, String localName, String what)
            throws XMLStreamException, MalformedSourceException {
        while (xml.getEventType() != XMLStreamConstants.START_ELEMENT) {
            if (!xml.hasNext()) {
                throw new MalformedSourceException("not " + what + ": the document has no elements");
            }
            xml.next();
        }
        if (!localName.equals(xml.getLocalName()) || !namespace.equals(xml.getNamespaceURI())) {
            String ns = xml.getNamespaceURI();
            throw new MalformedSourceException("not " + what + ": the root element is <" + xml.getLocalName() + ">"
                    + (ns == null || ns.isEmpty() ? " without a namespace" : " in namespace " + ns)
                    + ", expected <" + localName + "> in namespace " + namespace);
        }
    }

    /**
     * Moves to the next child element of the element the reader is in, returning true on its start tag, or false
     * on the end tag of the enclosing element. The caller consumes each child (with {@link #text}, {@link #skip}
     * or its own loop) before asking for the next.
     */
    static boolean nextChild(XMLStreamReader xml) throws XMLStreamException {
        while (true) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (event == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
        }
    }

    /** All text inside the current element (nested markup included), leaving the reader on its end tag. */
    static String text(XMLStreamReader xml) throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> depth++;
                case XMLStreamConstants.END_ELEMENT -> depth--;
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        text.append(xml.getText());
                default -> {
                }
            }
        }
        return text.toString();
    }

    /** Skips the current element and everything in it, leaving the reader on its end tag. */
    static void skip(XMLStreamReader xml) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    /** Reads past the root's end tag, so content after it is reported as the parser sees it. */
    static void finish(XMLStreamReader xml) throws XMLStreamException {
        while (xml.hasNext()) {
            xml.next();
        }
    }

    static void close(XMLStreamReader xml) {
        try {
            xml.close(); // does not close the caller's stream
        } catch (XMLStreamException e) {
            // nothing was written; a failing close loses nothing
        }
    }

    /** A parse error as a message a person can act on: where it is and what the parser said. */
    static MalformedSourceException malformed(XMLStreamException e) {
        if (e.getNestedException() instanceof IOException io) {
            return new MalformedSourceException("could not read the XML: " + io.getMessage(), e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int at = message.indexOf("Message: "); // the JDK prefixes "ParseError at [row,col]:[l,c]"
        if (at >= 0) {
            message = message.substring(at + "Message: ".length());
        }
        Location location = e.getLocation();
        String where = location == null || location.getLineNumber() < 0 ? ""
                : " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
        return new MalformedSourceException("not well-formed XML" + where + ": " + message.strip(), e);
    }
}
