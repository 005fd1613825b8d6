package papers.community;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Comment Markdown to HTML, safely: raw HTML in the text is escaped (not passed through); links keep only absolute
 * http(s) and mailto targets (any other becomes its plain text: no javascript:, data: or relative tricks) and get
 * {@code rel="nofollow ugc"}; images become links to the image, so a remote picture cannot watch every reader.
 */
public final class Markdown {

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .attributeProviderFactory(context -> (node, tagName, attributes) -> {
                if (node instanceof Link) {
                    attributes.put("rel", "nofollow ugc");
                }
            })
            .build();

    private Markdown() {
    }

    public static String toHtml(String markdown) {
        Node document = PARSER.parse(markdown == null ? "" : markdown);
        List<Node> images = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Image image) {
                images.add(image);
                visitChildren(image);
            }

            @Override
            public void visit(Link link) {
                links.add(link);
                visitChildren(link);
            }
        });
        for (Node node : images) {
            Image image = (Image) node;
            Link link = new Link(image.getDestination(), image.getTitle());
            moveChildren(image, link);
            if (link.getFirstChild() == null) {
                link.appendChild(new Text(image.getDestination()));
            }
            image.insertBefore(link);
            image.unlink();
            links.add(link);
        }
        for (Link link : links) {
            if (!allowed(link.getDestination())) {
                Node child = link.getFirstChild();
                while (child != null) {
                    Node next = child.getNext();
                    link.insertBefore(child);
                    child = next;
                }
                link.unlink();
            }
        }
        return RENDERER.render(document);
    }

    static boolean allowed(String destination) {
        String d = destination == null ? "" : destination.strip().toLowerCase(Locale.ROOT);
        return (d.startsWith("https://") || d.startsWith("http://")) && d.length() > d.indexOf("//") + 2
                || d.startsWith("mailto:") && d.length() > 7;
    }

    private static void moveChildren(Node from, Node to) {
        Node child = from.getFirstChild();
        while (child != null) {
            Node next = child.getNext();
            to.appendChild(child);
            child = next;
        }
    }
}
