package org.cytoarrow.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see either the old content or the complete new content: the bytes go to a
 * temporary file in the same directory ({@code .<name>.<random>.tmp}), are forced to disk, and the temporary
 * file is renamed over the target with {@link StandardCopyOption#ATOMIC_MOVE}. A crash leaves at most a stray
 * {@code .tmp} file, which {@link #isTemporary} recognises.
 */
public final class AtomicOutput {
    /** Writes the content of one file to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicOutput() {
    }

    /** Writes {@code content} to {@code target} atomically, creating parent directories as needed. */
    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // a fresh name opened with CREATE_NEW: unlike createTempFile this keeps the umask's permissions
        Path tmp = temporaryFor(target);
        try {
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.CREATE_NEW);
                    OutputStream out = new java.io.BufferedOutputStream(
                            java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A name for a temporary file next to {@code target} that {@link #isTemporary} recognises; not created. */
    public static Path temporaryFor(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        return dir.resolve("." + target.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
    }

    /** Renames {@code tmp} over {@code target} atomically (both in the same directory). */
    public static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("File system of " + target + " cannot rename atomically", e);
        }
    }

    /** True for a temporary file left by an interrupted {@link #write}. */
    public static boolean isTemporary(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(".") && n.endsWith(".tmp");
    }
}
