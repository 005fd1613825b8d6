package papers.paper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A consistent copy of a SQLite store while the server keeps serving and writing: {@code VACUUM INTO} reads the
 * store in one read transaction (WAL: writers go on meanwhile) and writes a compact, self-contained database file
 * with no WAL beside it. PostgreSQL stores are backed up with PostgreSQL's own tools (pg_dump), see the README.
 */
public final class Backup {

    private Backup() {
    }

    /** Writes the store to {@code target}, which must not exist yet; returns its size in bytes. */
    public static long sqliteInto(Database database, Path target) {
        if (database.kind() != Database.Kind.SQLITE) {
            throw new IllegalArgumentException("backup copies SQLite stores; for PostgreSQL use pg_dump "
                    + "(see the README's deployment section)");
        }
        Path file = target.toAbsolutePath();
        if (Files.exists(file)) {
            throw new IllegalArgumentException(file + " exists already; choose a new file name");
        }
        if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
            throw new IllegalArgumentException("no such folder: " + file.getParent());
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial);
            database.jdbi().useHandle(h -> h.createUpdate("VACUUM INTO :file").bind("file", partial.toString())
                    .execute());
            // Whole or nothing under the final name: an interrupted backup never looks like a good one.
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup " + file, e);
        }
    }
}
