package org.cytoarrow.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.cytoarrow.core.io.AtomicFile;

/**
 * The batch and report outputs' view of {@link AtomicFile}: readers see either the old content or the complete new
 * content (temporary file in the same directory, forced to disk, renamed over the target), with checked
 * {@link IOException}s for the batch runner's error handling. A crash leaves at most a stray {@code .tmp} file,
 * which {@link #isTemporary} recognises.
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
        try {
            AtomicFile.writeStream(target, content::writeTo);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Writes {@code content} next to {@code target} without forcing or moving it yet ({@link AtomicFile#stage}):
     * {@link #commit} finishes what {@link #write} does.
     */
    public static AtomicFile.Staged stage(Path target, Content content) throws IOException {
        try {
            return AtomicFile.stage(target, content::writeTo);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Forces {@code staged} to disk and moves it onto its target. */
    public static void commit(AtomicFile.Staged staged) throws IOException {
        try {
            staged.commit();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** True for a temporary file left by an interrupted {@link #write}. */
    public static boolean isTemporary(Path file) {
        return AtomicFile.isTemporary(file);
    }
}
