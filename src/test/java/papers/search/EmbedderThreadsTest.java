package papers.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's embedder (issue 14, failure 8: background work must leave the cores to readers) runs a batch on the
 * caller's thread alone, and computes the same vectors as the default, multi-threaded one.
 */
class EmbedderThreadsTest {

    @TempDir
    Path home;

    @Test
    void theSingleThreadedModelEmbedsOnTheCallersThreadWithTheSameVectors() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            texts.add("Paper " + i + ": sparse attention for long-context language models, variant " + i);
        }
        // Laid out as a PAPERS_HOME's (DJL reads its folder once per JVM; SearchServiceTest checks where it is).
        Path cache = home.resolve("cache").resolve("djl");
        Embedder one = Embedder.openSingleThreaded(cache);
        Set<Thread> javaThreadsBefore = ConcurrentHashMap.newKeySet();
        javaThreadsBefore.addAll(Thread.getAllStackTraces().keySet());
        List<float[]> single = one.embedAll(texts);
        Set<Thread> started = ConcurrentHashMap.newKeySet();
        started.addAll(Thread.getAllStackTraces().keySet());
        started.removeAll(javaThreadsBefore);
        assertThat(started).as("threads started by a batch").isEmpty();

        List<float[]> parallel = Embedder.open(cache).embedAll(texts);
        assertThat(single).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            float dot = 0;
            for (int d = 0; d < Embedder.DIMENSIONS; d++) {
                dot += single.get(i)[d] * parallel.get(i)[d];
            }
            assertThat(dot).as("cosine of text %d", i).isGreaterThan(0.9999f);
        }
    }
}
