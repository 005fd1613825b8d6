package papers.search;

/** Told how far long work has got: {@code done} of {@code total} papers. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> { };

    void update(long done, long total);
}
