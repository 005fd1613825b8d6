package papers.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/** The precompiled jte templates (generated from src/main/jte at build time). */
final class Templates {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** The layout's subscribe box; left out when this server sends no email (nothing could be confirmed). */
    private volatile boolean subscribeBox;
    private static final String BOX_START = "<section class=\"subscribe\"";
    private static final String BOX_END = "</section>";

    void subscribeBox(boolean shown) {
        this.subscribeBox = shown;
    }

    /** Which papers have a thumbnail stored (cards show it); none until {@link #thumbnails} is set. */
    private volatile java.util.function.Predicate<String> thumbnails = id -> false;

    void thumbnails(java.util.function.Predicate<String> has) {
        this.thumbnails = has;
    }

    String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput(8192);
        ListView.THUMBNAILS.set(thumbnails); // read by paper cards, deep in the template tree
        try {
            engine.render(template, params, out);
        } finally {
            ListView.THUMBNAILS.remove();
        }
        String html = out.toString();
        int start = subscribeBox ? -1 : html.indexOf(BOX_START);
        int end = start < 0 ? -1 : html.indexOf(BOX_END, start);
        return end < 0 ? html : html.substring(0, start) + html.substring(end + BOX_END.length());
    }

    ResponseCache.Response page(int status, String template, Map<String, Object> params) {
        return ResponseCache.Response.of(status, "text/html; charset=utf-8", render(template, params));
    }

    ResponseCache.Response message(int status, String heading, String message) {
        return page(status, "message.jte", Map.of("heading", heading, "message", message));
    }
}
