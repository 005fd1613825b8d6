package papers.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/** The precompiled jte templates (generated from src/main/jte at build time). */
final class Templates {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput(8192);
        engine.render(template, params, out);
        return out.toString();
    }

    ResponseCache.Response page(int status, String template, Map<String, Object> params) {
        return ResponseCache.Response.of(status, "text/html; charset=utf-8", render(template, params));
    }

    ResponseCache.Response message(int status, String heading, String message) {
        return page(status, "message.jte", Map.of("heading", heading, "message", message));
    }
}
