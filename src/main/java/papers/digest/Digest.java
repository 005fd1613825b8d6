package papers.digest;

import java.util.List;
import papers.paper.Paper;

/**
 * What one reader gets for one period: "For you" (each paper with the reasons it is there) and "Trending" (the
 * period's most upvoted papers not already in "For you").
 */
public record Digest(DigestPeriod period, Subscription subscription, List<Pick> forYou, List<Paper> trending) {

    /** A paper picked for the reader, and why, in words fit to show ("Matches your topic “diffusion”"). */
    public record Pick(Paper paper, List<String> reasons) { }

    public Digest {
        forYou = List.copyOf(forYou);
        trending = List.copyOf(trending);
    }

    /** Nothing new in the period: no digest is sent. */
    public boolean isEmpty() {
        return forYou.isEmpty() && trending.isEmpty();
    }
}
