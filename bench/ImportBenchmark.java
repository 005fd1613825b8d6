import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import papers.Config;
import papers.ingest.HfDailyReader;
import papers.ingest.ImportFormat;
import papers.ingest.ImportProgress;
import papers.ingest.ImportReport;
import papers.ingest.Importer;
import papers.ingest.PoliteHttpClient;
import papers.ingest.RecordSink;
import papers.ingest.RejectLog;
import papers.paper.Database;
import papers.paper.Paper;
import papers.paper.PaperStore;

/**
 * Imports the full Hugging Face daily-papers file into a fresh SQLite store and a fresh PostgreSQL database and
 * prints papers/second, against a baseline measured in the same run: parsing the file alone (no store).
 * Run with bench/import [FILE]; the file defaults to ../shared/data/hf-daily-papers.jsonl.
 */
public class ImportBenchmark {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "../shared/data/hf-daily-papers.jsonl");
        if (!Files.exists(file)) {
            System.out.println("skipped: " + file + " is missing (it lives in the shared data folder, not in a clone)");
            return;
        }
        System.out.printf("file: %s (%.1f MB)%n", file, Files.size(file) / 1e6);

        double parseRate = 0;
        int count = 0;
        for (int i = 0; i < 3; i++) { // best of three, which also warms the JIT for the imports below
            long t0 = System.nanoTime();
            int[] n = {0};
            try (var in = Files.newInputStream(file)) {
                new HfDailyReader(null).read(in, new RecordSink() {
                    public void accept(Paper p) { n[0]++; }
                    public void reject(String where, String reason) { }
                });
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            count = n[0];
            parseRate = Math.max(parseRate, n[0] / seconds);
        }
        System.out.printf("baseline, parse only:           %,9.0f papers/s (%,d papers)%n", parseRate, count);

        // Cold: the first import of a fresh process, as `bin/papers import` runs it. Warm: a second store in the same
        // process, as a long-running server importing a daily file sees it (the JIT has compiled the import path).
        Map<String, String> env = new HashMap<>();
        env.put("PAPERS_HOME", Files.createTempDirectory("papers-bench").toString());
        run("SQLite, cold", Config.from(env), file, parseRate);
        env.put("PAPERS_HOME", Files.createTempDirectory("papers-bench").toString());
        run("SQLite, warm", Config.from(env), file, parseRate);

        String admin = System.getenv().getOrDefault("PAPERS_TEST_PG", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String name = "papers_bench_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(admin, "postgres", "")) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            System.out.println("PostgreSQL: skipped, not reachable at " + admin + " (" + e.getMessage() + ")");
            return;
        }
        try {
            env.put("PAPERS_DB", admin.substring(0, admin.lastIndexOf('/') + 1) + name);
            env.put("PAPERS_DB_USER", "postgres");
            run("PostgreSQL, warm", Config.from(env), file, parseRate);
        } finally {
            try (Connection c = DriverManager.getConnection(admin, "postgres", "")) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    private static void run(String label, Config config, Path file, double parseRate) throws Exception {
        try (Database db = Database.open(config); RejectLog log = new RejectLog(config.home().resolve("rejected.log"))) {
            Importer importer = new Importer(new PaperStore(db), PoliteHttpClient.withDelay(java.time.Duration.ZERO), log);
            for (String pass : new String[] {"first import", "re-import"}) {
                long t0 = System.nanoTime();
                ImportReport r = importer.run(ImportFormat.HF_DAILY, file.toString(), 0, ImportProgress.NONE);
                double seconds = (System.nanoTime() - t0) / 1e9;
                int papers = r.created() + r.updated() + r.unchanged();
                System.out.printf("%-17s %-13s %,9.0f papers/s  %5.2f s  %.2fx of parse-only   (%s)%n", label, pass,
                        papers / seconds, seconds, papers / seconds / parseRate, r.summaryLine());
            }
        }
    }
}
