package papers.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import papers.paper.Author;
import papers.paper.Paper;

/** The per-reader model learns from what the reader likes and dismisses, and says why for every paper. */
class TasteTest {

    static final int DIM = 16;

    static Paper paper(String id, String title, String... authors) {
        return Paper.of(id, 1, title, "About " + title.toLowerCase(), List.of(authors).stream().map(Author::named)
                .toList(), Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** A unit vector near axis {@code axis}, with a little seeded noise. */
    static float[] near(int axis, Random random) {
        float[] v = new float[DIM];
        v[axis] = 1;
        for (int i = 0; i < DIM; i++) {
            v[i] += (float) (random.nextGaussian() * 0.15);
        }
        return LinearModel.unit(v);
    }

    static Taste.Builder withBackground(Random random) {
        Taste.Builder b = Taste.builder(DIM);
        for (int i = 0; i < 200; i++) {
            b.background(near(i % DIM, random));
        }
        return b;
    }

    @Test
    void likedPapersPullTheirNeighboursUpAndDismissalsPushThemDown() {
        Random random = new Random(1);
        Taste.Builder b = withBackground(random);
        for (int i = 0; i < 3; i++) {
            b.like(paper("2601.0000" + i, "Speech " + i, "A" + i), near(0, random), 1, "you saved");
        }
        Taste taste = b.build();
        Paper speech = paper("2602.00001", "More speech", "Z");
        Paper vision = paper("2602.00002", "Vision", "Y");
        float[] speechVector = near(0, random);
        float[] visionVector = near(5, random);
        assertThat(taste.score(speech, speechVector)).isGreaterThan(taste.score(vision, visionVector));
        assertThat(taste.reasons(speech, speechVector)).singleElement().asString()
                .startsWith("Close to “Speech ").endsWith("”, which you saved");

        Random again = new Random(1);
        Taste.Builder withDislikes = withBackground(again);
        for (int i = 0; i < 3; i++) {
            withDislikes.like(paper("2601.0000" + i, "Speech " + i, "A" + i), near(0, again), 1, "you saved");
        }
        Taste before = withDislikes.build();
        for (int i = 0; i < 3; i++) {
            withDislikes.dislike(near(5, again));
        }
        Taste after = withDislikes.build();
        assertThat(after.score(vision, visionVector)).isLessThan(before.score(vision, visionVector));
    }

    @Test
    void authorsOfLikedPapersFollowsAndTopicsCountAndSayWhy() {
        Random random = new Random(2);
        Taste.Builder b = withBackground(random);
        b.like(paper("2601.00001", "Diffusion transformers", "Ada Lovelace", "Me"), near(1, random), 1, "you upvoted");
        b.ignoreAuthor("Me");
        b.follow(Set.of("Grace Hopper"), Set.of());
        b.topic("speech recognition");
        Taste taste = b.build();
        float[] elsewhere = near(9, random);
        Paper byCoauthor = paper("2602.00001", "Something", "Ada Lovelace");
        Paper byFollowed = paper("2602.00002", "Something else", "Grace Hopper");
        Paper onTopic = paper("2602.00003", "Robust speech recognition in noise", "Nobody");
        Paper byMe = paper("2602.00004", "Mine", "Me");
        Paper plain = paper("2602.00005", "Plain", "Nobody");
        assertThat(taste.score(byCoauthor, elsewhere)).isGreaterThan(taste.score(plain, elsewhere));
        assertThat(taste.score(byFollowed, elsewhere)).isGreaterThan(taste.score(plain, elsewhere));
        assertThat(taste.score(onTopic, elsewhere)).isGreaterThan(taste.score(plain, elsewhere));
        assertThat(taste.score(byMe, elsewhere)).isEqualTo(taste.score(plain, elsewhere));
        assertThat(taste.reasons(byCoauthor, elsewhere)).first().isEqualTo(
                "By Ada Lovelace, an author of “Diffusion transformers”");
        assertThat(taste.reasons(byFollowed, elsewhere)).first().isEqualTo("By Grace Hopper, whom you follow");
        assertThat(taste.reasons(onTopic, elsewhere)).first().isEqualTo("Matches your topic “speech recognition”");
        // Far from everything liked, no author or topic: still a reason, naming the nearest liked paper
        assertThat(taste.reasons(plain, elsewhere)).singleElement().asString()
                .isEqualTo("Nearest to “Diffusion transformers”, which you upvoted");
        assertThat(taste.reasons(plain, null)).containsExactly("Popular among readers this period");
    }

    @Test
    void topRanksByScoreAndBreaksTiesById() {
        Random random = new Random(3);
        Taste.Builder b = withBackground(random);
        b.like(paper("2601.00001", "Liked", "A"), near(2, random), 1, "you saved");
        Taste taste = b.build();
        List<Paper> papers = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            papers.add(paper("2603.0000" + i, "P" + i, "Z"));
            vectors.add(near(i == 4 ? 2 : 10, new Random(i)));
        }
        assertThat(taste.top(papers, vectors, 2)).first().extracting(Paper::id).isEqualTo("2603.00004");
        assertThat(taste.top(papers, vectors, 2)).hasSize(2);
    }
}
