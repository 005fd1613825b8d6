package papers.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import papers.community.AccountStore;
import papers.paper.Author;
import papers.paper.Database;
import papers.paper.Paper;
import papers.paper.PaperLookup;
import papers.paper.PaperStore;
import papers.support.EveryStore;

/** A reader's saves, picks, dismissals, mutes and topics, and library matching, on SQLite and PostgreSQL. */
class ReaderStoreTest extends EveryStore {

    static final String PASSWORD = "correct horse battery";
    protected Database database;
    protected PaperStore papers;
    protected ReaderStore readers;
    protected long ada;
    protected long bob;

    @BeforeEach
    void open() throws Exception {
        database = openStore();
        papers = new PaperStore(database);
        readers = new ReaderStore(database, Clock.fixed(Instant.parse("2026-11-01T10:00:00Z"), ZoneOffset.UTC));
        AccountStore accounts = new AccountStore(database, Clock.systemUTC(), new papers.community.PasswordHasher(1024, 1, 1));
        ada = accounts.createUser("ada", "ada@example.org", PASSWORD, false).id();
        bob = accounts.createUser("bob", "bob@example.org", PASSWORD, false).id();
        papers.upsert(List.of(
                paper("2601.00001", "Attention Is All You Need", null),
                paper("2601.00002", "Deep Residual Learning for Image Recognition", "10.1109/CVPR.2016.90"),
                paper("2601.00003", "Sparse Attention at Scale", null),
                paper("2601.00004", "100% Sparse_Attention", null)));
    }

    static Paper paper(String id, String title, String doi) {
        return Paper.of(id, 1, title, "Abstract", List.of(Author.named("A")), Instant.parse("2026-01-01T00:00:00Z"))
                .withListing(LocalDate.parse("2026-01-10"), null)
                .withArxivDetails(List.of("cs.LG"), null, null, doi);
    }

    @Test
    void savesPicksAndDismissalsAreEachReadersOwn() {
        assertThat(readers.add(ada, ReaderStore.Kind.SAVE, "2601.00001")).isTrue();
        assertThat(readers.add(ada, ReaderStore.Kind.SAVE, "2601.00001")).isFalse(); // once
        readers.add(ada, ReaderStore.Kind.DISMISS, "2601.00002");
        readers.add(bob, ReaderStore.Kind.PICK, "2601.00003");
        assertThat(readers.signals(ada)).extracting(ReaderStore.Signal::paperId, ReaderStore.Signal::kind)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("2601.00001", ReaderStore.Kind.SAVE),
                        org.assertj.core.groups.Tuple.tuple("2601.00002", ReaderStore.Kind.DISMISS));
        assertThat(readers.papers(ada, ReaderStore.Kind.SAVE, 10, 0)).containsExactly("2601.00001");
        assertThat(readers.count(bob, ReaderStore.Kind.SAVE)).isZero();
        assertThat(readers.among(ada, ReaderStore.Kind.SAVE, List.of("2601.00001", "2601.00003")))
                .containsExactly("2601.00001");
        assertThat(readers.remove(ada, ReaderStore.Kind.SAVE, "2601.00001")).isTrue();
        assertThat(readers.has(ada, ReaderStore.Kind.SAVE, "2601.00001")).isFalse();
        assertThatThrownBy(() -> readers.add(ada, ReaderStore.Kind.SAVE, "2601.09999"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No paper 2601.09999");
    }

    @Test
    void mutesAndTopics() {
        readers.mute(ada, Mutes.Kind.WORD, Mutes.normalize(Mutes.Kind.WORD, "Attention"));
        readers.mute(ada, Mutes.Kind.CATEGORY, Mutes.normalize(Mutes.Kind.CATEGORY, "CS.lg"));
        readers.mute(ada, Mutes.Kind.AUTHOR, "Yann LeCun");
        Mutes m = readers.mutes(ada);
        assertThat(m.words()).containsExactly("attention");
        assertThat(m.categories()).containsExactly("cs.LG");
        assertThat(m.hides(papers.find("2601.00002").orElseThrow())).isTrue(); // by category
        assertThat(readers.mutes(bob).isEmpty()).isTrue();
        assertThat(readers.unmute(ada, Mutes.Kind.CATEGORY, "cs.LG")).isTrue();
        assertThat(readers.mutes(ada).hides(papers.find("2601.00001").orElseThrow())).isTrue(); // the word
        assertThat(readers.mutes(ada).hides(papers.find("2601.00002").orElseThrow())).isFalse();
        assertThatThrownBy(() -> Mutes.normalize(Mutes.Kind.WORD, "two words")).hasMessageContaining("one word");
        readers.addTopic(ada, "speech recognition");
        assertThat(readers.addTopic(ada, "speech recognition")).isFalse();
        assertThat(readers.topics(ada)).containsExactly("speech recognition");
        assertThat(readers.topics(bob)).isEmpty();
    }

    @Test
    void libraryEntriesMatchByArxivIdDoiOrTitle() {
        LibraryImport library = new LibraryImport(papers, new PaperLookup(database), readers);
        LibraryImport.Result r = library.run(ada, """
                @misc{a, title={Something else}, eprint={2601.00001}, archivePrefix={arXiv}}
                @article{b, title={Whatever}, doi={10.1109/cvpr.2016.90}}
                @article{c, title={{Sparse} {Attention} at scale.}}
                @article{d, title={100\\% {Sparse}\\_Attention}}
                @article{e, title={Not Here At All}}
                """);
        assertThat(r.entries()).isEqualTo(5);
        assertThat(r.matched()).isEqualTo(3);
        // a title that starts with too little before its first punctuation is not looked up (too many candidates)
        assertThat(r.unmatched()).containsExactly("100\\% Sparse\\_Attention", "Not Here At All");
        assertThat(Set.copyOf(readers.papers(ada, ReaderStore.Kind.PICK, 10, 0)))
                .containsExactlyInAnyOrder("2601.00001", "2601.00002", "2601.00003");
        assertThat(readers.papers(bob, ReaderStore.Kind.PICK, 10, 0)).isEmpty();
    }
}
