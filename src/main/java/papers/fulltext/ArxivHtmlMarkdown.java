package papers.fulltext;

import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Turns arXiv's HTML version of a paper (made from its LaTeX by LaTeXML: {@code ltx_*} classes, MathML with the TeX
 * in {@code alttext}) into Markdown: headings, paragraphs, lists, emphasis, math as {@code $TeX$}, figure and table
 * captions, references. Images are left out (never hot-linked); links only when absolute http(s).
 */
public final class ArxivHtmlMarkdown {

    private ArxivHtmlMarkdown() {
    }

    /** The paper's body from the abstract on (title and authors come from the metadata), or "" when none. */
    public static String convert(Document doc) {
        Element root = doc.selectFirst("article.ltx_document");
        if (root == null) {
            root = doc.body();
        }
        root.select("script, style, nav, header.ltx_page_header, footer, .ltx_page_footer, .ltx_authors, "
                + "h1.ltx_title_document, .ltx_dates, .ltx_pagination, button, .ltx_role_footnote .ltx_note_mark")
                .remove();
        StringBuilder out = new StringBuilder();
        blocks(root, out);
        return out.toString().replaceAll("\n{3,}", "\n\n").strip() + "\n";
    }

    private static void blocks(Element parent, StringBuilder out) {
        for (Element e : parent.children()) {
            block(e, out);
        }
    }

    private static void block(Element e, StringBuilder out) {
        String tag = e.tagName();
        switch (tag) {
            case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                int level = Math.min(6, Math.max(2, tag.charAt(1) - '0')); // the document's title is ours
                out.append("\n").append("#".repeat(level)).append(' ').append(inline(e).strip()).append("\n\n");
            }
            case "p" -> paragraph(inline(e), out);
            case "ul", "ol" -> {
                int n = 1;
                for (Element li : e.children()) {
                    if (li.tagName().equals("li")) {
                        String marker = tag.equals("ol") ? (n++) + ". " : "- ";
                        out.append(marker).append(inline(li).strip().replaceAll("\\s*\n\\s*", " ")).append('\n');
                    }
                }
                out.append('\n');
            }
            case "figure" -> {
                Element caption = e.selectFirst("figcaption");
                if (caption != null) {
                    paragraph("*" + inline(caption).strip() + "*", out);
                }
            }
            case "table" -> {
                if (e.hasClass("ltx_equation") || e.hasClass("ltx_equationgroup") || e.hasClass("ltx_eqn_table")) {
                    for (Element math : e.select("math")) {
                        paragraph("$$" + tex(math) + "$$", out);
                    }
                }
                // data tables keep only their caption (in the enclosing figure)
            }
            case "math" -> paragraph("$$" + tex(e) + "$$", out);
            case "img", "svg", "picture", "video", "audio", "iframe" -> { }
            case "blockquote" -> paragraph("> " + inline(e).strip(), out);
            case "pre" -> out.append("\n```\n").append(e.wholeText().strip()).append("\n```\n\n");
            default -> {
                if (e.hasClass("ltx_abstract")) {
                    out.append("\n## Abstract\n\n");
                    e.select("h6.ltx_title_abstract, h2.ltx_title_abstract").remove();
                }
                boolean hasBlocks = !e.select("> p, > div, > section, > h1, > h2, > h3, > h4, > h5, > h6, > ul, "
                        + "> ol, > figure, > table, > span.ltx_bibblock, > blockquote, > pre").isEmpty();
                if (e.hasClass("ltx_bibitem")) {
                    out.append("- ").append(inline(e).strip().replaceAll("\\s+", " ")).append('\n');
                } else if (hasBlocks) {
                    blocks(e, out);
                } else {
                    paragraph(inline(e), out);
                }
            }
        }
    }

    private static void paragraph(String text, StringBuilder out) {
        String t = text.strip();
        if (!t.isEmpty()) {
            out.append(t).append("\n\n");
        }
    }

    private static String inline(Element e) {
        StringBuilder out = new StringBuilder();
        inline(e.childNodes(), out);
        return out.toString().replaceAll("[ \\t\\x0B\\f\\r]+", " ");
    }

    private static void inline(List<Node> nodes, StringBuilder out) {
        for (Node n : nodes) {
            if (n instanceof TextNode t) {
                out.append(t.text());
            } else if (n instanceof Element e) {
                switch (e.tagName()) {
                    case "math" -> {
                        String tex = tex(e);
                        out.append(e.attr("display").equals("block") ? "$$" + tex + "$$" : "$" + tex + "$");
                    }
                    case "em", "i" -> wrap(e, "*", out);
                    case "strong", "b" -> wrap(e, "**", out);
                    case "code", "tt" -> out.append('`').append(e.text()).append('`');
                    case "br" -> out.append('\n');
                    case "sup" -> {
                        if (!e.hasClass("ltx_note_mark")) {
                            out.append("^").append(e.text());
                        }
                    }
                    case "img", "svg", "button", "script", "style" -> { }
                    case "a" -> {
                        String href = e.attr("abs:href");
                        String text = inline(e).strip();
                        if ((href.startsWith("https://") || href.startsWith("http://")) && !text.isEmpty()
                                && !href.contains("#")) {
                            out.append('[').append(text).append("](").append(href).append(')');
                        } else {
                            out.append(text);
                        }
                    }
                    default -> inline(e.childNodes(), out);
                }
            }
        }
    }

    private static void wrap(Element e, String mark, StringBuilder out) {
        String text = inline(e).strip();
        if (!text.isEmpty()) {
            out.append(mark).append(text).append(mark);
        }
    }

    /** The TeX a MathML element was made from, or its text when LaTeXML left no alttext. */
    private static String tex(Element math) {
        String alt = math.attr("alttext");
        return (alt.isBlank() ? math.text() : alt).strip().replaceAll("\\s+", " ");
    }
}
