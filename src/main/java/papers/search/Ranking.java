package papers.search;

/**
 * The knobs of relevance, with the values {@code bench/search-eval} chose by cross-validation on both query sets
 * ({@link #SHIPPED}). Scores add up per query word over the combined text: word for word (weight 1), stemmed
 * ({@code stemmed}), in the title ({@code title}), in an author's name ({@code author}); adjacent query words found
 * near each other add {@code proximity}. Hybrid search fuses that with the vector side by {@code fusion} at
 * {@code vectorWeight}. A result is relevant when it holds at least {@code floor} of the query's words (idf-weighted,
 * see {@link Coverage}) or its vector is close; the others are cut before sorting by date or upvotes and not
 * counted. 0 turns the floor off.
 */
public record Ranking(Fusion fusion, float vectorWeight, float stemmed, float title, float author, float proximity,
                      float floor) {

    public static final Ranking SHIPPED = new Ranking(Fusion.BLEND, 0.3f, 1.6f, 0f, 0.3f, 0.8f, 0.5f);

    public Ranking {
        if (vectorWeight < 0 || vectorWeight > 1) {
            throw new IllegalArgumentException("the vector weight is a share between 0 and 1, got " + vectorWeight);
        }
        if (floor < 0 || floor >= 1) {
            throw new IllegalArgumentException("the floor is a share of the query's words, in [0, 1), got " + floor);
        }
    }

    public Ranking withFusion(Fusion f, float weight) {
        return new Ranking(f, weight, stemmed, title, author, proximity, floor);
    }

    public Ranking withStemmed(float w) {
        return new Ranking(fusion, vectorWeight, w, title, author, proximity, floor);
    }

    public Ranking withTitle(float w) {
        return new Ranking(fusion, vectorWeight, stemmed, w, author, proximity, floor);
    }

    public Ranking withAuthor(float w) {
        return new Ranking(fusion, vectorWeight, stemmed, title, w, proximity, floor);
    }

    public Ranking withProximity(float w) {
        return new Ranking(fusion, vectorWeight, stemmed, title, author, w, floor);
    }

    public Ranking withFloor(float f) {
        return new Ranking(fusion, vectorWeight, stemmed, title, author, proximity, f);
    }
}
