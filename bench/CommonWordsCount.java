import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import papers.paper.Paper;
import papers.search.SearchIndex;

/**
 * Writes the common words list (bench/common-words): the words and stems in at least SHARE of the real papers.
 * Usage: java ... bench/CommonWordsCount.java DATA SHARE OUT
 */
public class CommonWordsCount {

    public static void main(String[] args) throws Exception {
        List<Paper> real = CorpusGenerator.readReal(Path.of(args[0]));
        double share = Double.parseDouble(args[1]);
        List<String> lines = SearchIndex.commonWords(real, share);
        Files.write(Path.of(args[2]), lines);
        System.out.printf("%d papers: %d words and %d stems in at least %.2f%% of them -> %s%n", real.size(),
                lines.stream().filter(l -> l.startsWith("text ")).count(),
                lines.stream().filter(l -> l.startsWith("stemmed ")).count(), share * 100, args[2]);
    }
}
