package org.cytoarrow.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The events of one sample as Arrow columns: one non-null float column per channel, raw values as stored in the
 * file (integers masked to their range), in record order.
 *
 * <p>Each Field carries the channel's {@code $PnN, $PnS, $PnB, $PnR, $PnE, $PnG} in its metadata and the Schema
 * carries the TEXT keywords. Scale values ({@link Channel#toScale}) are computed on request into heap arrays.
 *
 * <p>Owns its {@link VectorSchemaRoot}: close the frame to release the Arrow memory. Not thread-safe for
 * writing; concurrent reads are fine.
 */
public final class EventFrame implements AutoCloseable {
    private final Sample sample;
    private final VectorSchemaRoot root;
    private boolean closed;

    /** Wraps a root whose columns match {@code sample.channels()}; the frame takes ownership of the root. */
    public EventFrame(Sample sample, VectorSchemaRoot root) {
        this.sample = Objects.requireNonNull(sample, "sample");
        this.root = Objects.requireNonNull(root, "root");
        if (root.getFieldVectors().size() != sample.channels().size()) {
            throw new IllegalArgumentException("Root has " + root.getFieldVectors().size() + " columns but sample "
                    + sample.source() + " has " + sample.channels().size() + " channels");
        }
    }

    /** The Arrow schema for a sample: one float column per channel with $Pn metadata, keywords as metadata. */
    public static Schema schemaOf(Sample sample) {
        List<Field> fields = new ArrayList<>();
        for (Channel c : sample.channels()) {
            fields.add(fieldOf(c));
        }
        return new Schema(fields, sample.keywords());
    }

    /** The Arrow field of one channel. */
    public static Field fieldOf(Channel c) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("$PnN", c.name());
        if (c.label() != null) {
            meta.put("$PnS", c.label());
        }
        meta.put("$PnB", Integer.toString(c.bits()));
        meta.put("$PnR", formatNumber(c.range()));
        meta.put("$PnE", formatNumber(c.decades()) + "," + formatNumber(c.offset()));
        if (!Double.isNaN(c.gain())) {
            meta.put("$PnG", formatNumber(c.gain()));
        }
        FloatingPointPrecision p = c.storage() == ColumnStorage.FLOAT32
                ? FloatingPointPrecision.SINGLE : FloatingPointPrecision.DOUBLE;
        return new Field(c.name(), new FieldType(false, new ArrowType.FloatingPoint(p), null, meta), null);
    }

    private static String formatNumber(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Makes a frame from heap columns (raw values), e.g. for synthetic data and tests. Values are narrowed to
     * float32 where the channel's storage says so. The caller closes the returned frame.
     */
    public static EventFrame fromColumns(BufferAllocator allocator, Sample sample, double[][] columns) {
        int n = columns.length == 0 ? 0 : columns[0].length;
        if (columns.length != sample.channels().size()) {
            throw new IllegalArgumentException("Got " + columns.length + " columns for "
                    + sample.channels().size() + " channels");
        }
        VectorSchemaRoot root = VectorSchemaRoot.create(schemaOf(sample), allocator);
        try {
            root.allocateNew();
            for (int c = 0; c < columns.length; c++) {
                if (columns[c].length != n) {
                    throw new IllegalArgumentException("Column " + c + " has " + columns[c].length
                            + " values, column 0 has " + n);
                }
                FieldVector v = root.getVector(c);
                if (v instanceof Float4Vector f) {
                    f.allocateNew(n);
                    for (int i = 0; i < n; i++) {
                        f.set(i, (float) columns[c][i]);
                    }
                } else {
                    Float8Vector d = (Float8Vector) v;
                    d.allocateNew(n);
                    for (int i = 0; i < n; i++) {
                        d.set(i, columns[c][i]);
                    }
                }
                v.setValueCount(n);
            }
            root.setRowCount(n);
            return new EventFrame(sample.withEventCount(n), root);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    public Sample sample() {
        return sample;
    }

    public List<Channel> channels() {
        return sample.channels();
    }

    /** Number of events. */
    public int eventCount() {
        return root.getRowCount();
    }

    /** The underlying Arrow root (borrowed: do not close it, close the frame). */
    public VectorSchemaRoot root() {
        return root;
    }

    /** The Arrow column of channel {@code c} (borrowed). */
    public FieldVector vector(int c) {
        return root.getVector(c);
    }

    /** The index of a channel by $PnN, or a {@link CytoException}. */
    public int channelIndex(String name) {
        return sample.channel(name).index();
    }

    /** Raw value of channel {@code c} at event {@code row}. */
    public double raw(int c, int row) {
        FieldVector v = root.getVector(c);
        return v instanceof Float4Vector f ? f.get(row) : ((Float8Vector) v).get(row);
    }

    /** Copies {@code length} raw values of channel {@code c} starting at event {@code from} into {@code out}. */
    public void rawBlock(int c, int from, int length, double[] out) {
        FieldVector v = root.getVector(c);
        if (v instanceof Float4Vector f) {
            var buf = f.getDataBuffer();
            for (int i = 0; i < length; i++) {
                out[i] = buf.getFloat((long) (from + i) * Float4Vector.TYPE_WIDTH);
            }
        } else {
            var buf = ((Float8Vector) v).getDataBuffer();
            for (int i = 0; i < length; i++) {
                out[i] = buf.getDouble((long) (from + i) * Float8Vector.TYPE_WIDTH);
            }
        }
    }

    /** All raw values of channel {@code c} as a new heap array. */
    public double[] rawColumn(int c) {
        double[] out = new double[eventCount()];
        rawBlock(c, 0, out.length, out);
        return out;
    }

    /** All scale values of channel {@code c} as a new heap array (see {@link Channel#toScale}). */
    public double[] scaledColumn(int c) {
        double[] out = rawColumn(c);
        sample.channels().get(c).toScale(out, out, out.length);
        return out;
    }

    /** All scale values of the channel named {@code name}. */
    public double[] scaledColumn(String name) {
        return scaledColumn(channelIndex(name));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            root.close();
        }
    }
}
