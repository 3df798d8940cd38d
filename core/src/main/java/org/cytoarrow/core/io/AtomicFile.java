package org.cytoarrow.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file atomically: the content goes to a temporary file in the target's directory, is forced to disk, and
 * the file is then moved over the target with {@link StandardCopyOption#ATOMIC_MOVE}. Readers see either the old file
 * or the complete new one, never a partial file; when writing fails the temporary file is deleted and the target is
 * untouched. Because the content is on disk before the rename, a crash leaves the old file or the complete new one,
 * never an empty or truncated target; the directory is not forced, so a crash just after a write returns may still
 * leave the old file.
 *
 * <p>The temporary file is named {@code .<target name>.<random>.tmp} so that it is hidden and easy to recognise.
 * On file systems that cannot move atomically within a directory, a plain replacing move is used instead.
 * Thread-safe (no shared state); two concurrent writers of one target both succeed and the last move wins.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes the content of a file given its (temporary) path. */
    @FunctionalInterface
    public interface PathWriter {
        void write(Path temp) throws IOException;
    }

    /** Writes the content of a file to a stream (buffered; closed by {@link AtomicFile}). */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Lets {@code writer} fill a temporary file next to {@code target} (it may delete and recreate the file, but must
     * leave one at that path), forces it to disk, then moves it onto {@code target}.
     *
     * @throws UncheckedIOException when the temporary file cannot be created, written, forced or moved; the
     *                              temporary file is deleted before this or any exception of the writer leaves
     */
    public static void write(Path target, PathWriter writer) {
        Path absolute = target.toAbsolutePath();
        finish(newTemp(absolute, target), absolute, target, writer);
    }

    /**
     * Like {@link #write(Path, PathWriter)} with a buffered stream that is flushed and closed before the content is
     * forced to disk and moved: {@link #stage} and {@link Staged#commit()} on this thread.
     */
    public static void writeStream(Path target, StreamWriter writer) {
        stage(target, writer).commit();
    }

    /**
     * Writes {@code writer}'s content to a temporary file next to {@code target} and returns it staged: not yet
     * forced to disk nor moved. {@link Staged#commit()} then does what {@link #writeStream} does after writing, so
     * the same guarantees hold once it returns; until then the target is untouched. Splitting the two lets a
     * caller do the CPU work of writing on one thread and the waiting for the disk on another.
     *
     * @throws UncheckedIOException when the temporary file cannot be created or written; it is deleted first
     */
    public static Staged stage(Path target, StreamWriter writer) {
        Path absolute = target.toAbsolutePath();
        Path temp = newTemp(absolute, target);
        boolean written = false;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.WRITE),
                1 << 16)) {
            writer.write(out);
            out.flush();
            written = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e, e);
        } finally {
            if (!written) {
                deleteQuietly(temp);
            }
        }
        return new Staged(temp, absolute);
    }

    /**
     * A file written by {@link #stage} to its temporary sibling, waiting to be committed (forced to disk, then moved
     * onto its target) or discarded (deleted). Commit or discard it once; not thread-safe, but it may be handed to
     * another thread to commit.
     */
    public static final class Staged {
        private final Path temp;
        private final Path target;

        private Staged(Path temp, Path target) {
            this.temp = temp;
            this.target = target;
        }

        /** The file this becomes when committed. */
        public Path target() {
            return target;
        }

        /**
         * Forces the content to disk and moves it onto the target.
         *
         * @throws UncheckedIOException when either fails; the temporary file is deleted first
         */
        public void commit() {
            finish(temp, target, target, alreadyWritten -> { });
        }

        /** Deletes the temporary file, leaving the target untouched. */
        public void discard() {
            deleteQuietly(temp);
        }
    }

    /**
     * True for a temporary file left behind by an interrupted write (a process killed before its rename), including
     * the {@code ..name.tmp.crc} checksum file that Parquet's Hadoop file system writes beside a temporary file.
     */
    public static boolean isTemporary(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(".") && (n.endsWith(".tmp") || n.endsWith(".tmp.crc"));
    }

    /** {@link #tempSibling} of {@code absolute}, failing with the target's name as the caller gave it. */
    private static Path newTemp(Path absolute, Path target) {
        try {
            return tempSibling(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary file next to " + target + ": " + e, e);
        }
    }

    /**
     * Creates an empty hidden temporary file next to {@code target}, creating the directory if needed. Unlike
     * {@link Files#createTempFile} it gets the default permissions (umask), so the final file is readable by
     * whoever could read any other output of the run.
     */
    private static Path tempSibling(Path target) throws IOException {
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) { // createDirectories on an existing folder throws and catches an exception
            Files.createDirectories(dir);
        }
        while (true) {
            Path temp = dir.resolve("." + target.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                // another writer drew the same name: draw again
            }
        }
    }

    /**
     * Lets {@code fill} complete {@code temp}, forces it to disk and moves it onto {@code target}; on any failure
     * deletes {@code temp} before the exception leaves. {@code named} is the target as the caller gave it, for the
     * message.
     */
    private static void finish(Path temp, Path target, Path named, PathWriter fill) {
        boolean moved = false;
        try {
            fill.write(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);   // on disk before the rename, so a crash never leaves an empty target
            }
            move(temp, target);
            moved = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + named + ": " + e, e);
        } finally {
            if (!moved) {
                deleteQuietly(temp);
            }
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // The original failure matters more; a stray hidden .tmp file is harmless.
        }
    }
}
