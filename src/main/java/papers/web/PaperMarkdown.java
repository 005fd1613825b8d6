package papers.web;

import java.time.LocalDate;
import java.time.ZoneOffset;
import papers.paper.Author;
import papers.paper.Paper;

/** A paper as Markdown, for pasting into notes and for tools that read text (GET /papers/{id}.md). */
final class PaperMarkdown {

    private PaperMarkdown() {
    }

    static String of(Paper p) {
        return of(p, null);
    }

    /**
     * With {@code fullText} (the paper's body from its abstract on, converted from arXiv's HTML version) in place of
     * the abstract; null keeps the abstract and AI summary.
     */
    static String of(Paper p, String fullText) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(p.title()).append("\n\n");
        md.append("**Authors:** ");
        for (int i = 0; i < p.authors().size(); i++) {
            Author a = p.authors().get(i);
            md.append(i == 0 ? "" : ", ").append(a.name());
        }
        md.append("\n\n");
        if (p.organization() != null) {
            md.append("**Organization:** ").append(p.organization().displayName()).append("\n\n");
        }
        if (p.publishedAt() != null) {
            md.append("**Published:** ").append(LocalDate.ofInstant(p.publishedAt(), ZoneOffset.UTC)).append("\n\n");
        }
        md.append("**Upvotes:** ").append(p.upvotes()).append(" · **Comments:** ").append(p.numComments())
                .append("\n\n");
        md.append("- arXiv: ").append(p.arxivAbsUrl()).append('\n');
        md.append("- PDF: ").append(p.arxivPdfUrl()).append('\n');
        if (p.githubRepo() != null) {
            md.append("- Code: ").append(p.githubRepo())
                    .append(p.githubStars() != null ? " (" + p.githubStars() + " stars)" : "").append('\n');
        }
        if (p.projectPage() != null) {
            md.append("- Project page: ").append(p.projectPage()).append('\n');
        }
        if (fullText != null) {
            return md.append("\n").append(fullText).toString();
        }
        md.append("\n## Abstract\n\n").append(p.abstractText()).append('\n');
        if (p.aiSummary() != null) {
            md.append("\n## AI summary\n\n").append(p.aiSummary()).append('\n');
        }
        if (!p.aiKeywords().isEmpty()) {
            md.append("\n**Keywords:** ").append(String.join(", ", p.aiKeywords())).append('\n');
        }
        return md.toString();
    }
}
