package papers.web;

import java.util.Locale;

/**
 * Words for the Hugging Face listing fields the paper page shows beside its facts: the submitter's media, shown as
 * plain links (the files stay on Hugging Face's servers and are never embedded, so a page view sends readers nowhere
 * they did not click), and who set the code link.
 */
public final class PaperFacts {

    private PaperFacts() {
    }

    /** "Video 1 (mp4)", "Image 2 (png)": what a reader gets by following the {@code index}-th (0-based) media link. */
    public static String mediaLabel(String url, int index) {
        String path = url.replaceFirst("[?#].*$", "");
        int dot = path.lastIndexOf('.');
        String ext = dot > path.lastIndexOf('/') ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        String kind = switch (ext) {
            case "mp4", "mov", "qt", "webm", "m4v" -> "Video";
            case "png", "jpg", "jpeg", "gif", "webp", "svg" -> "Image";
            default -> "File";
        };
        return kind + " " + (index + 1) + (ext.isEmpty() ? "" : " (" + ext + ")");
    }

    /** Hugging Face's {@code githubRepoAddedBy} in words; null when unknown. */
    public static String codeAddedBy(String who) {
        if (who == null) {
            return null;
        }
        return switch (who) {
            case "user" -> "added by a member";
            case "admin" -> "added by an admin";
            case "auto" -> "found automatically";
            default -> "added by " + who;
        };
    }
}
