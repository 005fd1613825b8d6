package papers.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who writes the index folder, held in {@code <folder>.lock} beside it for as long as the writer is open. Lucene's
 * own {@code write.lock} lives inside the folder, so deleting the folder while {@code serve} ran released it and
 * {@code papers search} then built a second index in the same place; this lock survives the folder, and the
 * server's repair keeps it while it rebuilds. An operating-system lock, so a killed process holds nothing.
 */
final class IndexOwner implements AutoCloseable {

    /** Paths held in this process: the operating system's locks are per process, not per channel. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private IndexOwner(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code dir}, or throws {@link SearchIndex.IndexInUseException} when a writer holds it. */
    static IndexOwner claim(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path file = abs.resolveSibling(abs.getFileName() + ".lock");
        if (!HELD.add(file)) {
            throw new SearchIndex.IndexInUseException(dir);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new SearchIndex.IndexInUseException(dir);
            }
            return new IndexOwner(file, channel, lock);
        } catch (IOException | OverlappingFileLockException | SearchIndex.IndexInUseException e) {
            HELD.remove(file);
            closeQuietly(channel);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot lock the search index in " + dir, io);
            }
            throw e instanceof SearchIndex.IndexInUseException in ? in : new SearchIndex.IndexInUseException(dir);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        } finally {
            closeQuietly(channel);
            HELD.remove(file);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing held any more either way
            }
        }
    }
}
