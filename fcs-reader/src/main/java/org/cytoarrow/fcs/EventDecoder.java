package org.cytoarrow.fcs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.cytoarrow.core.Channel;

/**
 * Decodes the DATA segment of one data set sequentially, chunk by chunk, straight into Arrow columns.
 *
 * <p>A chunk of whole event records is read from the file into an Arrow-owned staging buffer (counted by the
 * caller's allocator), then each column is decoded with a plain counted loop over the chunk (record stride) into
 * the column's data buffer: float32 for F and integers of at most 24 significant bits, float64 otherwise.
 * Integer values are ANDed with their $PnR mask; the bits masked away are remembered per column and reported
 * once as {@link FcsIssueCode#BITS_ABOVE_RANGE}. The whole file is never held on the heap.
 *
 * <p>Not thread-safe; one decoder per read, or per slice of a concurrent read ({@link #restrictTo}).
 */
final class EventDecoder implements AutoCloseable {
    /** Target bytes per chunk: big enough to amortise the read call, small enough to stay in L2. */
    static final int CHUNK_BYTES = 256 * 1024;

    private final FileAccess file;
    private final DataLayout layout;
    private final Channel[] channels;
    private final IssueLog log;
    private final ColumnCodec[] codecs;
    private final ArrowBuf staging;
    private final ByteBuffer little;
    private final ByteBuffer big;
    private final int chunkEvents;
    private final long[] scratch;
    private final long[] seenBits;
    private final long[] asciiInvalid;
    private long position;
    private long remaining;
    // free-format ASCII state
    private long freeChunkStart;
    private int freeChunkLength;
    private int freePointer;

    EventDecoder(FileAccess file, DataLayout layout, Channel[] channels, BufferAllocator allocator, IssueLog log) {
        this.file = file;
        this.layout = layout;
        this.channels = channels;
        this.log = log;
        this.codecs = layout.columns();
        int record = layout.recordBytes();
        long events = Math.max(1, layout.events());
        if (layout.freeFormat()) {
            chunkEvents = 0;
            long bytes = Math.min(CHUNK_BYTES, Math.max(1, layout.limit() - layout.start()));
            staging = allocator.buffer(bytes);
        } else {
            chunkEvents = (int) Math.min(events, Math.max(1, CHUNK_BYTES / record));
            staging = allocator.buffer((long) chunkEvents * record);
        }
        ByteBuffer view;
        try {
            view = staging.nioBuffer(0, (int) staging.capacity());
        } catch (RuntimeException e) {
            staging.close(); // nobody else can: the constructor fails (say Arrow lacks --add-opens)
            throw e;
        }
        little = view.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        big = view.duplicate().order(ByteOrder.BIG_ENDIAN);
        scratch = new long[Math.max(chunkEvents, 1)];
        seenBits = new long[codecs.length];
        asciiInvalid = new long[codecs.length];
        position = layout.start();
        remaining = layout.events();
        freeChunkStart = layout.start();
    }

    long remaining() {
        return remaining;
    }

    /**
     * Restricts a fixed-width decoder to the events {@code [first, first + count)} of the data set (for a slice of a
     * concurrent read); the next {@link #decode} starts at event {@code first}.
     */
    void restrictTo(long first, long count) {
        if (layout.freeFormat() || first < 0 || count < 0 || first + count > layout.events()) {
            throw new IllegalArgumentException("cannot restrict to events [" + first + ", " + (first + count)
                    + ") of " + layout.events() + (layout.freeFormat() ? " (free-format ASCII)" : ""));
        }
        position = layout.start() + first * layout.recordBytes();
        remaining = count;
    }

    /** Adds the findings (bits above $PnR, invalid ASCII values) of another decoder of the same layout to ours. */
    void absorbFindings(EventDecoder other) {
        for (int c = 0; c < codecs.length; c++) {
            seenBits[c] |= other.seenBits[c];
            asciiInvalid[c] += other.asciiInvalid[c];
        }
    }

    /**
     * Decodes up to {@code n} events into rows {@code [row, row + n)} of the vectors (one per channel in record
     * order; a null one is skipped); returns how many.
     */
    int decode(FieldVector[] vectors, int row, int n) {
        int todo = (int) Math.min(n, remaining);
        if (layout.freeFormat()) {
            return decodeFree(vectors, row, todo);
        }
        int record = layout.recordBytes();
        int done = 0;
        while (done < todo) {
            int k = Math.min(todo - done, chunkEvents);
            int bytes = k * record;
            ByteBuffer target = little.duplicate();
            target.position(0).limit(bytes);
            file.readFully(target, position);
            if (target.hasRemaining()) {
                throw log.fatal(FcsIssueCode.DATA_TRUNCATED, "DATA byte " + position, "the file ended while "
                        + "reading events (was it changed while being read?)");
            }
            for (int c = 0; c < codecs.length; c++) {
                if (vectors[c] != null) { // null: a channel the read skips
                    decodeColumn(c, k, vectors[c], row + done);
                }
            }
            position += bytes;
            done += k;
            remaining -= k;
        }
        return done;
    }

    private void decodeColumn(int c, int k, FieldVector vector, int row) {
        ColumnCodec codec = codecs[c];
        ByteBuffer src = codec.bigEndian() ? big : little;
        int stride = layout.recordBytes();
        int off = codec.offset();
        ArrowBuf data = vector.getDataBuffer();
        long width = ((BaseFixedWidthVector) vector).getTypeWidth();
        ByteBuffer out = data.nioBuffer(row * width, (int) (k * width)).order(ByteOrder.nativeOrder());
        long mask = codec.mask();
        switch (codec.kind()) {
            case F32 -> f32(src, off, stride, k, out.asFloatBuffer());
            case F64 -> f64(src, off, stride, k, out.asDoubleBuffer());
            case U16 -> {
                if (codec.float32()) {
                    seenBits[c] |= u16(src, off, stride, k, (int) mask, out.asFloatBuffer());
                } else {
                    integers(c, k, out);
                }
            }
            case ASCII_FIXED -> asciiFixed(c, off, stride, k, codec.width(), out.asDoubleBuffer());
            default -> integers(c, k, out);
        }
    }

    private static void f32(ByteBuffer src, int off, int stride, int k, FloatBuffer dst) {
        for (int i = 0, p = off; i < k; i++, p += stride) {
            dst.put(i, src.getFloat(p));
        }
    }

    private static void f64(ByteBuffer src, int off, int stride, int k, DoubleBuffer dst) {
        for (int i = 0, p = off; i < k; i++, p += stride) {
            dst.put(i, src.getDouble(p));
        }
    }

    /** Returns the OR of all raw values (to find bits above the mask). */
    private static long u16(ByteBuffer src, int off, int stride, int k, int mask, FloatBuffer dst) {
        int or = 0;
        for (int i = 0, p = off; i < k; i++, p += stride) {
            int v = src.getShort(p) & 0xFFFF;
            or |= v;
            dst.put(i, v & mask);
        }
        return or;
    }

    private void integers(int c, int k, ByteBuffer out) {
        ColumnCodec codec = codecs[c];
        ByteBuffer src = codec.bigEndian() ? big : little;
        int stride = layout.recordBytes();
        int off = codec.offset();
        long[] v = scratch;
        switch (codec.kind()) {
            case U8 -> {
                for (int i = 0, p = off; i < k; i++, p += stride) {
                    v[i] = src.get(p) & 0xFFL;
                }
            }
            case U16 -> {
                for (int i = 0, p = off; i < k; i++, p += stride) {
                    v[i] = src.getShort(p) & 0xFFFFL;
                }
            }
            case U24 -> {
                if (codec.bigEndian()) {
                    for (int i = 0, p = off; i < k; i++, p += stride) {
                        v[i] = (src.get(p) & 0xFFL) << 16 | (src.get(p + 1) & 0xFFL) << 8 | src.get(p + 2) & 0xFFL;
                    }
                } else {
                    for (int i = 0, p = off; i < k; i++, p += stride) {
                        v[i] = (src.get(p + 2) & 0xFFL) << 16 | (src.get(p + 1) & 0xFFL) << 8 | src.get(p) & 0xFFL;
                    }
                }
            }
            case U32 -> {
                for (int i = 0, p = off; i < k; i++, p += stride) {
                    v[i] = src.getInt(p) & 0xFFFF_FFFFL;
                }
            }
            case U64 -> {
                for (int i = 0, p = off; i < k; i++, p += stride) {
                    v[i] = src.getLong(p);
                }
            }
            case PERMUTED -> permuted(codec, k, out);
            default -> throw new IllegalStateException("not an integer codec: " + codec.kind());
        }
        if (codec.kind() == ColumnCodec.Kind.PERMUTED) {
            return;
        }
        store(c, v, k, out);
    }

    private void store(int c, long[] v, int k, ByteBuffer out) {
        ColumnCodec codec = codecs[c];
        long mask = codec.mask();
        long or = 0;
        if (codec.float32()) {
            FloatBuffer dst = out.asFloatBuffer();
            for (int i = 0; i < k; i++) {
                or |= v[i];
                dst.put(i, (float) (v[i] & mask));
            }
        } else {
            DoubleBuffer dst = out.asDoubleBuffer();
            for (int i = 0; i < k; i++) {
                or |= v[i];
                dst.put(i, unsigned(v[i] & mask));
            }
        }
        seenBits[c] |= or;
    }

    /** An unsigned 64-bit integer as a double. */
    static double unsigned(long x) {
        return x >= 0 ? x : (double) (x >>> 1) * 2.0 + (x & 1);
    }

    private void permuted(ColumnCodec codec, int k, ByteBuffer out) {
        int stride = layout.recordBytes();
        int off = codec.offset();
        int[] sig = codec.significance();
        int w = codec.width();
        long[] v = scratch;
        for (int i = 0, p = off; i < k; i++, p += stride) {
            long x = 0;
            for (int b = 0; b < w; b++) {
                x |= (little.get(p + b) & 0xFFL) << (8 * sig[b]);
            }
            v[i] = x;
        }
        switch (codec.floatType()) {
            case 'F' -> {
                FloatBuffer dst = out.asFloatBuffer();
                for (int i = 0; i < k; i++) {
                    dst.put(i, Float.intBitsToFloat((int) v[i]));
                }
            }
            case 'D' -> {
                DoubleBuffer dst = out.asDoubleBuffer();
                for (int i = 0; i < k; i++) {
                    dst.put(i, Double.longBitsToDouble(v[i]));
                }
            }
            default -> store(indexOf(codec), v, k, out);
        }
    }

    private int indexOf(ColumnCodec codec) {
        for (int c = 0; c < codecs.length; c++) {
            if (codecs[c] == codec) {
                return c;
            }
        }
        throw new IllegalStateException("unknown codec");
    }

    private void asciiFixed(int c, int off, int stride, int k, int width, DoubleBuffer dst) {
        byte[] field = new byte[width];
        for (int i = 0, p = off; i < k; i++, p += stride) {
            little.get(p, field, 0, width);
            double x = parseAscii(field, width);
            if (Double.isNaN(x)) {
                asciiInvalid[c]++;
            }
            dst.put(i, x);
        }
    }

    /** A decimal number from ASCII bytes with optional surrounding spaces; NaN when not a number. */
    static double parseAscii(byte[] b, int n) {
        int from = 0;
        int to = n;
        while (from < to && (b[from] == ' ' || b[from] == 0)) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == 0)) {
            to--;
        }
        if (from == to) {
            return Double.NaN;
        }
        if (to - from <= 18) {
            long v = 0;
            boolean digits = true;
            for (int i = from; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    digits = false;
                    break;
                }
                v = v * 10 + d;
            }
            if (digits) {
                return v;
            }
        }
        return Numbers.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }

    // ---------------------------------------------------------------- free-format ASCII

    private int decodeFree(FieldVector[] vectors, int row, int todo) {
        int done = 0;
        while (done < todo) {
            int k = Math.min(todo - done, 65536);
            int got = decodeFreeBlock(vectors, row + done, k);
            done += got;
            if (got < k) {
                break;
            }
        }
        return done;
    }

    private int decodeFreeBlock(FieldVector[] vectors, int row, int todo) {
        DoubleBuffer[] dst = new DoubleBuffer[vectors.length];
        for (int c = 0; c < vectors.length; c++) {
            if (vectors[c] != null) { // null: a channel the read skips (its values are still parsed past)
                dst[c] = vectors[c].getDataBuffer().nioBuffer(row * 8L, todo * 8).order(ByteOrder.nativeOrder())
                        .asDoubleBuffer();
            }
        }
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < todo; i++) {
            for (int c = 0; c < vectors.length; c++) {
                if (!nextToken(token)) {
                    remaining = 0;
                    log.report(FcsIssueCode.DATA_TRUNCATED, "DATA", "the free-format ASCII DATA ends before $TOT "
                            + "events; the events before event " + (row + i + 1) + " of this read are kept");
                    return i;
                }
                if (dst[c] == null) {
                    continue;
                }
                double x = Numbers.parseDouble(token.toString());
                if (Double.isNaN(x)) {
                    asciiInvalid[c]++;
                }
                dst[c].put(i, x);
            }
            remaining--;
        }
        return todo;
    }

    private static boolean isNumberByte(int b) {
        return b >= '0' && b <= '9' || b == '.' || b == '-' || b == '+' || b == 'e' || b == 'E';
    }

    private boolean nextToken(StringBuilder token) {
        token.setLength(0);
        while (true) {
            int b = nextFreeByte();
            if (b < 0) {
                return false;
            }
            if (isNumberByte(b)) {
                token.append((char) b);
                break;
            }
        }
        while (true) {
            int b = nextFreeByte();
            if (b < 0 || !isNumberByte(b)) {
                return true;
            }
            if (token.length() < 64) {
                token.append((char) b);
            }
        }
    }

    private int nextFreeByte() {
        if (freePointer >= freeChunkLength) {
            freeChunkStart += freeChunkLength;
            freePointer = 0;
            long left = layout.limit() - freeChunkStart;
            if (left <= 0) {
                freeChunkLength = 0;
                return -1;
            }
            int len = (int) Math.min(staging.capacity(), left);
            ByteBuffer target = little.duplicate();
            target.position(0).limit(len);
            file.readFully(target, freeChunkStart);
            freeChunkLength = target.position();
            if (freeChunkLength == 0) {
                return -1;
            }
        }
        return little.get(freePointer++) & 0xFF;
    }

    /** Records the issues found so far: bits above $PnR, invalid ASCII values. */
    void reportFindings() {
        for (int c = 0; c < codecs.length; c++) {
            ColumnCodec codec = codecs[c];
            long dropped = seenBits[c] & ~codec.mask();
            if (codec.floatType() == 'I' && dropped != 0) {
                String name = channels[c].name();
                log.report(FcsIssueCode.BITS_ABOVE_RANGE, "DATA channel " + name, "values of $P" + (c + 1) + "N="
                        + name + " have bits above the range $P" + (c + 1) + "R=" + channels[c].range()
                        + " set (mask " + Long.toHexString(codec.mask()) + "); masked off as FCS 3.1 says");
                seenBits[c] = 0;
            }
            if (asciiInvalid[c] > 0) {
                log.report(FcsIssueCode.ASCII_VALUE_INVALID, "DATA channel " + channels[c].name(), asciiInvalid[c]
                        + " ASCII values are not numbers; stored as NaN");
                asciiInvalid[c] = 0;
            }
        }
    }

    @Override
    public void close() {
        staging.close();
    }
}
