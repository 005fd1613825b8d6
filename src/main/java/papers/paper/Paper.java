package papers.paper;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A paper as the store keeps it, keyed by its versionless arXiv id.
 * Optional fields are null when no source has supplied them; lists are never null.
 *
 * @param version       arXiv version, null when the source does not say (Hugging Face)
 * @param publishedAt   arXiv submission time of the first version (second precision)
 * @param listedOn      the day the paper was listed on the daily feed; null for papers only harvested from arXiv
 * @param mediaUrls     the submitter's figures and videos (Hugging Face {@code mediaUrls}), http(s) addresses
 * @param aiSummaryModel the model that wrote {@code aiSummary} (Hugging Face {@code ai_summary_model})
 * @param submitterOrganization the organization the submitter listed the paper for ({@code submitterOrganization})
 * @param githubRepoAddedBy who set the code link on Hugging Face: {@code user}, {@code admin} or {@code auto}
 */
public record Paper(
        String id,
        Integer version,
        String title,
        String abstractText,
        List<Author> authors,
        Instant publishedAt,
        LocalDate listedOn,
        Organization organization,
        int upvotes,
        int numComments,
        String githubRepo,
        Integer githubStars,
        String projectPage,
        String aiSummary,
        List<String> aiKeywords,
        Submitter submitter,
        String thumbnail,
        String discussionId,
        List<String> categories,
        String comments,
        String journalRef,
        String doi,
        List<String> mediaUrls,
        String aiSummaryModel,
        Organization submitterOrganization,
        String githubRepoAddedBy) {

    public Paper {
        if (!ArxivId.isCanonical(id)) {
            throw new IllegalArgumentException("not a versionless arXiv id: '" + id + "'");
        }
        if (version != null && version < 1) {
            throw new IllegalArgumentException("version must be at least 1, got " + version);
        }
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("title is empty");
        }
        abstractText = abstractText == null ? "" : abstractText;
        authors = List.copyOf(authors == null ? List.of() : authors);
        publishedAt = publishedAt == null ? null : publishedAt.truncatedTo(ChronoUnit.SECONDS);
        if (upvotes < 0 || numComments < 0) {
            throw new IllegalArgumentException("upvotes and comments cannot be negative");
        }
        aiKeywords = List.copyOf(aiKeywords == null ? List.of() : aiKeywords);
        categories = List.copyOf(categories == null ? List.of() : categories);
        mediaUrls = List.copyOf(mediaUrls == null ? List.of() : mediaUrls);
    }

    /** Starts a paper with the fields every source has; the rest are set with the {@code with...} methods. */
    public static Paper of(String id, Integer version, String title, String abstractText, List<Author> authors,
                           Instant publishedAt) {
        return new Paper(id, version, title, abstractText, authors, publishedAt, null, null, 0, 0, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * What the store keeps after {@code incoming} arrives for a paper it already has ({@code this}).
     * Text (title, abstract, authors) follows the newer arXiv version; counts only grow (sources capture them at
     * different times, and an older capture must not undo votes); other fields are filled or replaced by what the
     * incoming record supplies, never erased by a source that lacks them. The first listing day stays.
     */
    public Paper mergedWith(Paper incoming) {
        if (!id.equals(incoming.id)) {
            throw new IllegalArgumentException("cannot merge " + incoming.id + " into " + id);
        }
        boolean newerText = incoming.version == null
                ? version == null
                : version == null || incoming.version >= version;
        Integer mergedVersion = larger(version, incoming.version);
        return new Paper(id, mergedVersion,
                newerText ? incoming.title : title,
                newerText && !incoming.abstractText.isEmpty() ? incoming.abstractText : abstractText,
                newerText && !incoming.authors.isEmpty() ? mergeAuthors(authors, incoming.authors) : authors,
                publishedAt != null && (incoming.publishedAt == null || publishedAt.isBefore(incoming.publishedAt))
                        ? publishedAt : incoming.publishedAt,
                listedOn != null ? listedOn : incoming.listedOn,
                either(incoming.organization, organization),
                Math.max(upvotes, incoming.upvotes),
                Math.max(numComments, incoming.numComments),
                either(incoming.githubRepo, githubRepo),
                larger(githubStars, incoming.githubStars),
                either(incoming.projectPage, projectPage),
                either(incoming.aiSummary, aiSummary),
                incoming.aiKeywords.isEmpty() ? aiKeywords : incoming.aiKeywords,
                either(incoming.submitter, submitter),
                either(incoming.thumbnail, thumbnail),
                either(incoming.discussionId, discussionId),
                incoming.categories.isEmpty() ? categories : incoming.categories,
                either(incoming.comments, comments),
                either(incoming.journalRef, journalRef),
                either(incoming.doi, doi),
                incoming.mediaUrls.isEmpty() ? mediaUrls : incoming.mediaUrls,
                either(incoming.aiSummaryModel, aiSummaryModel),
                either(incoming.submitterOrganization, submitterOrganization),
                either(incoming.githubRepoAddedBy, githubRepoAddedBy));
    }

    /** The incoming list, keeping known account links of the same names (a source without them must not erase them). */
    private static List<Author> mergeAuthors(List<Author> stored, List<Author> incoming) {
        if (stored.size() != incoming.size()) {
            return incoming;
        }
        List<Author> merged = new java.util.ArrayList<>(incoming.size());
        for (int i = 0; i < incoming.size(); i++) {
            Author in = incoming.get(i);
            Author old = stored.get(i);
            merged.add(in.hfUser() == null && old.hfUser() != null && old.name().equals(in.name())
                    ? new Author(in.name(), old.hfUser(), in.hidden()) : in);
        }
        return merged;
    }

    /** The same paper with {@code org} in place of its organization (used to compare papers by organization name). */
    public Paper withOrganization(Organization org) {
        return new Paper(id, version, title, abstractText, authors, publishedAt, listedOn, org, upvotes, numComments,
                githubRepo, githubStars, projectPage, aiSummary, aiKeywords, submitter, thumbnail, discussionId,
                categories, comments, journalRef, doi, mediaUrls, aiSummaryModel,
                submitterOrganization, githubRepoAddedBy);
    }

    /** The larger of two optional numbers; null only when both are. */
    private static Integer larger(Integer a, Integer b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Integer.valueOf(Math.max(a, b));
    }

    private static <T> T either(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    public Paper withListing(LocalDate day, Submitter by) {
        return new Paper(id, version, title, abstractText, authors, publishedAt, day, organization, upvotes,
                numComments, githubRepo, githubStars, projectPage, aiSummary, aiKeywords, by, thumbnail, discussionId,
                categories, comments, journalRef, doi, mediaUrls, aiSummaryModel,
                submitterOrganization, githubRepoAddedBy);
    }

    public Paper withCommunity(Organization org, int newUpvotes, int newComments, String newDiscussionId,
                               String newThumbnail) {
        return new Paper(id, version, title, abstractText, authors, publishedAt, listedOn, org, newUpvotes,
                newComments, githubRepo, githubStars, projectPage, aiSummary, aiKeywords, submitter, newThumbnail,
                newDiscussionId, categories, comments, journalRef, doi, mediaUrls, aiSummaryModel,
                submitterOrganization, githubRepoAddedBy);
    }

    public Paper withLinks(String repo, Integer stars, String page) {
        return new Paper(id, version, title, abstractText, authors, publishedAt, listedOn, organization, upvotes,
                numComments, repo, stars, page, aiSummary, aiKeywords, submitter, thumbnail, discussionId,
                categories, comments, journalRef, doi, mediaUrls, aiSummaryModel,
                submitterOrganization, githubRepoAddedBy);
    }

    public Paper withAi(String summary, List<String> keywords) {
        return new Paper(id, version, title, abstractText, authors, publishedAt, listedOn, organization, upvotes,
                numComments, githubRepo, githubStars, projectPage, summary, keywords, submitter, thumbnail,
                discussionId, categories, comments, journalRef, doi, mediaUrls, aiSummaryModel,
                submitterOrganization, githubRepoAddedBy);
    }

    public Paper withArxivDetails(List<String> newCategories, String newComments, String newJournalRef,
                                  String newDoi) {
        return new Paper(id, version, title, abstractText, authors, publishedAt, listedOn, organization, upvotes,
                numComments, githubRepo, githubStars, projectPage, aiSummary, aiKeywords, submitter, thumbnail,
                discussionId, newCategories, newComments, newJournalRef, newDoi, mediaUrls, aiSummaryModel,
                submitterOrganization, githubRepoAddedBy);
    }

    /** The same paper with the fields only Hugging Face's daily feed carries about its listing. */
    public Paper withListingExtras(List<String> media, String summaryModel, Organization submitterOrg,
                                   String repoAddedBy) {
        return new Paper(id, version, title, abstractText, authors, publishedAt, listedOn, organization, upvotes,
                numComments, githubRepo, githubStars, projectPage, aiSummary, aiKeywords, submitter, thumbnail,
                discussionId, categories, comments, journalRef, doi, media, summaryModel, submitterOrg, repoAddedBy);
    }

    public String arxivAbsUrl() {
        return "https://arxiv.org/abs/" + id;
    }

    public String arxivPdfUrl() {
        return "https://arxiv.org/pdf/" + id;
    }

    /** The id with its version when known, as arXiv shows it. */
    public String versionedId() {
        return version == null ? id : id + "v" + version;
    }
}
