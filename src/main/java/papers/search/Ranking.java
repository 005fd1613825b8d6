package papers.search;

/**
 * The knobs of relevance, with the values {@code bench/search-eval} chose by cross-validation on both query sets
 * ({@link #SHIPPED}). Scores add up per query word over the combined text: stemmed ({@code stemmed}, what finds the
 * candidates, so above 0), word for word ({@code exact}), in the title ({@code title}), in an author's name
 * ({@code author}); adjacent query words found near each other add {@code proximity} (see {@link LexicalQueries}). Hybrid search fuses that with the vector side by {@code fusion} at
 * {@code vectorWeight}. A result is relevant when it holds at least {@code floor} of the query's words (idf-weighted,
 * see {@link Coverage}) or its vector is close; the others are cut before sorting by date or upvotes and not
 * counted. 0 turns the floor off.
 */
public record Ranking(Fusion fusion, float vectorWeight, float exact, float stemmed, float title, float author,
                      float proximity, float floor) {

    public static final Ranking SHIPPED = new Ranking(Fusion.BLEND, 0.3f, 1f, 1.6f, 0f, 0.3f, 0.8f, 0.5f);

    public Ranking {
        if (vectorWeight < 0 || vectorWeight > 1) {
            throw new IllegalArgumentException("the vector weight is a share between 0 and 1, got " + vectorWeight);
        }
        if (stemmed <= 0) {
            throw new IllegalArgumentException("the stem finds the candidates: its weight must be above 0, got "
                    + stemmed);
        }
        if (floor < 0 || floor >= 1) {
            throw new IllegalArgumentException("the floor is a share of the query's words, in [0, 1), got " + floor);
        }
    }

    public Ranking withFusion(Fusion f, float weight) {
        return new Ranking(f, weight, exact, stemmed, title, author, proximity, floor);
    }

    public Ranking withExact(float w) {
        return new Ranking(fusion, vectorWeight, w, stemmed, title, author, proximity, floor);
    }

    public Ranking withStemmed(float w) {
        return new Ranking(fusion, vectorWeight, exact, w, title, author, proximity, floor);
    }

    public Ranking withTitle(float w) {
        return new Ranking(fusion, vectorWeight, exact, stemmed, w, author, proximity, floor);
    }

    public Ranking withAuthor(float w) {
        return new Ranking(fusion, vectorWeight, exact, stemmed, title, w, proximity, floor);
    }

    public Ranking withProximity(float w) {
        return new Ranking(fusion, vectorWeight, exact, stemmed, title, author, w, floor);
    }

    public Ranking withFloor(float f) {
        return new Ranking(fusion, vectorWeight, exact, stemmed, title, author, proximity, f);
    }
}
