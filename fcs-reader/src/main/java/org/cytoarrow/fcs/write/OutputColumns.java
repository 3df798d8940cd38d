package org.cytoarrow.fcs.write;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.ColumnStorage;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.compensation.SpilloverMatrix;

/**
 * The columns a writer writes: one per channel, raw or scale values, each float32 or float64, filled block by
 * block into heap arrays. Borrows the frame.
 */
final class OutputColumns {
    /** Rows per block: 64 Ki rows x 16 channels x 8 bytes = 8 MiB of heap at most per writer. */
    static final int BLOCK = 1 << 16;

    /** Schema / file metadata key telling whether the values are raw or scale values. */
    static final String VALUES_KEY = "cytoarrow.values";

    final EventFrame frame;
    final Values values;
    final List<Channel> channels;
    final int rows;
    private final boolean[] doubles;
    private final boolean[] scale;

    OutputColumns(EventFrame frame, Values values) {
        this.frame = Objects.requireNonNull(frame, "frame");
        this.values = Objects.requireNonNull(values, "values");
        this.channels = frame.channels();
        this.rows = frame.eventCount();
        this.doubles = new boolean[channels.size()];
        this.scale = new boolean[channels.size()];
        Set<String> names = new HashSet<>();
        for (Channel c : channels) {
            if (!names.add(c.name())) {
                throw new CytoException("DUPLICATE_CHANNEL_NAME", frame.sample().source(), "$P" + (c.index() + 1) + "N",
                        frame.sample().source() + ": channel name '" + c.name() + "' occurs twice; output columns "
                                + "need unique names");
            }
            scale[c.index()] = values == Values.SCALED && c.isScaled();
            doubles[c.index()] = c.storage() == ColumnStorage.FLOAT64 || scale[c.index()];
        }
    }

    int count() {
        return channels.size();
    }

    /** Whether column {@code c} is float64 (else float32). */
    boolean isDouble(int c) {
        return doubles[c];
    }

    boolean anyDouble() {
        for (boolean d : doubles) {
            if (d) {
                return true;
            }
        }
        return false;
    }

    /** Whether column {@code c} holds scale values that differ from the raw values. */
    boolean isScaled(int c) {
        return scale[c];
    }

    /** Fills {@code out[0..length)} with the output values of column {@code c} for rows {@code from...}. */
    void block(int c, int from, int length, double[] out) {
        frame.rawBlock(c, from, length, out);
        if (scale[c]) {
            channels.get(c).toScale(out, out, length);
        }
    }

    /** The Arrow schema of the output: channel metadata on each field, keywords and the values kind on the schema. */
    Schema schema() {
        List<Field> fields = new ArrayList<>();
        for (Channel c : channels) {
            Field f = EventFrame.fieldOf(c);
            FloatingPointPrecision p = doubles[c.index()] ? FloatingPointPrecision.DOUBLE
                    : FloatingPointPrecision.SINGLE;
            fields.add(new Field(f.getName(), new FieldType(false, new ArrowType.FloatingPoint(p), null,
                    f.getMetadata()), null));
        }
        return new Schema(fields, metadata());
    }

    /** File-level metadata: the TEXT keywords ($SPILLOVER added from the sample when missing) and the values kind. */
    Map<String, String> metadata() {
        Map<String, String> meta = new LinkedHashMap<>(keywordsWithSpillover());
        meta.put(VALUES_KEY, values.name().toLowerCase(Locale.ROOT));
        return meta;
    }

    /** The sample's keywords, plus a $SPILLOVER keyword built from its matrix when no spillover keyword exists. */
    Map<String, String> keywordsWithSpillover() {
        Map<String, String> kw = new LinkedHashMap<>();
        frame.sample().keywords().forEach((k, v) -> {
            if (k != null && v != null) {
                kw.put(k, v);
            }
        });
        boolean has = false;
        for (String k : kw.keySet()) {
            String u = k.toUpperCase(Locale.ROOT);
            has |= u.equals("$SPILLOVER") || u.equals("$SPILL") || u.equals("SPILL"); // $COMP: already applied
        }
        if (!has) {
            frame.sample().spillover().filter(m -> !m.invertedAlready() && m.isSquare())
                    .ifPresent(m -> kw.put("$SPILLOVER", spilloverText(m)));
        }
        return kw;
    }

    /** FCS 3.1 $SPILLOVER text: {@code n,detector_1..detector_n,coefficients row by row}. */
    static String spilloverText(SpilloverMatrix m) {
        StringBuilder sb = new StringBuilder();
        sb.append(m.detectors().size());
        for (String d : m.detectors()) {
            sb.append(',').append(d);
        }
        double[][] c = m.coefficients();
        for (double[] row : c) {
            for (double v : row) {
                sb.append(',').append(Numbers.ofDouble(v));
            }
        }
        return sb.toString();
    }
}
