package papers.paper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * $PAPERS_HOME holds password hashes, sessions, addresses and the server secret: the folder is the owner's alone
 * (0700) and the database files too (0600). SQLite gives its -wal and -shm files the mode of the database file, so
 * making that file 0600 before SQLite first opens it covers all three. On a file system without POSIX modes
 * nothing is changed.
 */
public final class PrivateFiles {

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates the folder if needed and makes it owner-only. */
    public static void folder(Path folder) {
        try {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, FOLDER);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or protect the folder " + folder, e);
        }
    }

    /** Makes the file owner-only, creating it empty when it does not exist yet (an empty file is a new SQLite db). */
    public static void file(Path file) {
        try {
            if (Files.notExists(file)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                } catch (UnsupportedOperationException e) {
                    return;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // made by another process meanwhile: protect it below
                }
            }
            Files.setPosixFilePermissions(file, FILE);
            for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
                Path companion = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(companion)) { // made before this release: SQLite keeps an open file's mode
                    Files.setPosixFilePermissions(companion, FILE);
                }
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        } catch (IOException e) {
            throw new UncheckedIOException("cannot protect " + file, e);
        }
    }

    /**
     * Writes {@code bytes} to {@code target} through a temporary file beside it and a rename, so a reader never sees
     * half a file; the temporary file is created owner-only, so the result is too.
     */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp); // only left when the write or the move failed
        }
    }
}
