package papers.paper;

/** What an upsert did to the store, counted per paper. */
public record UpsertResult(int created, int updated, int unchanged) {

    public static final UpsertResult NONE = new UpsertResult(0, 0, 0);

    public UpsertResult plus(UpsertResult other) {
        return new UpsertResult(created + other.created, updated + other.updated, unchanged + other.unchanged);
    }

    public int total() {
        return created + updated + unchanged;
    }
}
