package org.cytoarrow.fcs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.cytoarrow.core.CytoException;

/** An open FCS file: positional reads on a {@link FileChannel} (thread-safe), and its size. */
final class FileAccess implements AutoCloseable {
    private final FileChannel channel;
    private final long size;
    private final String source;

    private FileAccess(FileChannel channel, long size, String source) {
        this.channel = channel;
        this.size = size;
        this.source = source;
    }

    static FileAccess open(Path path) {
        String source = sourceName(path);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
            return new FileAccess(ch, ch.size(), source);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new CytoException(FcsIssueCode.IO_ERROR.name(), source, null,
                    source + ": cannot open: " + e, e);
        }
    }

    static String sourceName(Path path) {
        Path name = path.getFileName();
        return name == null ? path.toString() : name.toString();
    }

    long size() {
        return size;
    }

    String source() {
        return source;
    }

    FileChannel channel() {
        return channel;
    }

    /** Reads up to {@code length} bytes at {@code position} (fewer at the end of the file). */
    byte[] read(long position, int length) {
        if (position >= size || length <= 0) {
            return new byte[0];
        }
        int n = (int) Math.min(length, size - position);
        byte[] b = new byte[n];
        ByteBuffer buf = ByteBuffer.wrap(b);
        readFully(buf, position);
        if (buf.position() < n) {
            byte[] shorter = new byte[buf.position()];
            System.arraycopy(b, 0, shorter, 0, shorter.length);
            return shorter;
        }
        return b;
    }

    /** Fills {@code buf} from {@code position} until it is full or the file ends. */
    void readFully(ByteBuffer buf, long position) {
        try {
            long p = position;
            while (buf.hasRemaining()) {
                int r = channel.read(buf, p);
                if (r < 0) {
                    return;
                }
                p += r;
            }
        } catch (IOException e) {
            throw new CytoException(FcsIssueCode.IO_ERROR.name(), source, "byte " + position,
                    source + ": read error at byte " + position + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new CytoException(FcsIssueCode.IO_ERROR.name(), source, null, source + ": close failed: " + e, e);
        }
    }
}
