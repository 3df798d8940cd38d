package org.cytoarrow.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.cytoarrow.core.compensation.SpilloverMatrix;

/**
 * A low-level FCS file writer for test files, with the values a conforming reader must report (the ground truth).
 *
 * <p>Covers what real files rarely or never do: FCS 2.0/3.0/3.1/3.2 headers; $DATATYPE I (any whole-byte $PnB from
 * 8 to 64, mixed widths), F, D and A (fixed width or free format {@code $PnB=*}); FCS 3.2 $PnDATATYPE mixed column
 * types; any $BYTEORD permutation; several data sets chained by $NEXTDATA; a supplemental TEXT segment before or
 * after DATA; DATA before TEXT; offsets above 99,999,999 bytes (HEADER offsets written as 0, the real ones in
 * $BEGINDATA/$ENDDATA; the gap is left as a sparse hole so the file costs no disk); any delimiter (form feed
 * included) and delimiters escaped inside values.
 *
 * <pre>{@code
 * SyntheticFcs.Result r = SyntheticFcs.builder()
 *         .version("3.1").datatype('I').byteOrd("3,4,1,2").delimiter('\f')
 *         .channel("FSC-A", null, 32, 1 << 18)
 *         .channel(SyntheticChannel.integerBits("FL1", "CD3", 12))     // $PnB=16, $PnR=4096
 *         .events(columns)                                           // double[channel][event]
 *         .nextDataSet()                                             // same options, new channels and events
 *         .channel("X", null, 32, 1024).events(n, (i, row) -> row[0] = i)
 *         .write(dir.resolve("a.fcs"));
 * double[][] expected = r.dataSets().get(0).expectedRaw();            // as a reader must return them
 * }</pre>
 *
 * <p>Offsets of every data set are relative to the start of its own HEADER and $NEXTDATA is relative to the start of
 * the current data set (FCS 3.0 sections 3.1.1 and 3.2.20, $NEXTDATA). Keywords added with
 * {@link Builder#keyword} replace a generated keyword of the same name (so a test can write a deliberately wrong
 * $TOT), otherwise follow the generated ones.
 * The file is written to a temporary file next to the target and moved into place. Events are encoded in blocks
 * from an {@link EventSource}, so files of any size stream through a fixed buffer.
 */
public final class SyntheticFcs {
    /** Largest offset the 8-character HEADER fields can hold. */
    public static final long MAX_HEADER_OFFSET = 99_999_999L;

    private SyntheticFcs() {
    }

    /** A new builder for a file with one data set (add more with {@link Builder#nextDataSet()}). */
    public static Builder builder() {
        return new Builder();
    }

    /** Produces events one at a time: fill {@code row} (one value per channel) for event {@code index}. */
    @FunctionalInterface
    public interface EventSource {
        void next(long index, double[] row);
    }

    /** Where DATA goes relative to TEXT. */
    public enum Layout {
        /** HEADER, TEXT, (supplemental TEXT), DATA: the usual order. */
        TEXT_FIRST,
        /** HEADER, DATA, TEXT, (supplemental TEXT): as in the second data set of Beckman Coulter LMD files. */
        DATA_FIRST
    }

    /** A byte range [begin, end] (end inclusive), relative to the data set's HEADER; (0, 0) when absent. */
    public record Segment(long begin, long end) {
        static final Segment NONE = new Segment(0, 0);

        static Segment of(long begin, long length) {
            return length == 0 ? NONE : new Segment(begin, begin + length - 1);
        }

        /** Number of bytes, 0 when absent. */
        public long length() {
            return begin == 0 && end == 0 ? 0 : end - begin + 1;
        }
    }

    /**
     * What was written for one data set and what a reader must report for it.
     *
     * @param offset       position of the data set's HEADER in the file
     * @param text         primary TEXT
     * @param supplemental supplemental TEXT (NONE when absent)
     * @param data         DATA
     * @param keywords     every keyword written to the primary TEXT, in order, unescaped
     * @param channels     the channels in record order
     * @param events       number of events ($TOT)
     * @param sums         per channel, the sum of the expected raw values (available even when values are not kept)
     * @param expectedRaw  per channel, the expected raw values ([channel][event]), or null when not retained
     */
    public record DataSet(long offset, Segment text, Segment supplemental, Segment data, Map<String, String> keywords,
                          List<SyntheticChannel> channels, long events, double[] sums, double[][] expectedRaw) {

        /** The expected raw values, [channel][event]; throws when they were too many to keep. */
        @Override
        public double[][] expectedRaw() {
            if (expectedRaw == null) {
                throw new IllegalStateException("Expected values were not retained (" + events + " events x "
                        + channels.size() + " channels); use Builder.retainTruth(true) or the sums");
            }
            return expectedRaw;
        }
    }

    /** The written file and the ground truth of each data set. */
    public record Result(Path path, long fileSize, List<DataSet> dataSets) {
    }

    /** Describes one data set; file-level options carry over to the next data set. Not thread-safe. */
    public static final class Builder {
        private final List<DataSetSpec> finished = new ArrayList<>();
        private DataSetSpec current = new DataSetSpec();

        private Builder() {
        }

        /** FCS version: "2.0", "3.0", "3.1" (default) or "3.2". */
        public Builder version(String version) {
            if (!List.of("2.0", "3.0", "3.1", "3.2").contains(version)) {
                throw new IllegalArgumentException("FCS version must be 2.0, 3.0, 3.1 or 3.2, was " + version);
            }
            current.version = version;
            return this;
        }

        /** $DATATYPE: 'I', 'F' (default), 'D' or 'A'. */
        public Builder datatype(char type) {
            char t = Character.toUpperCase(type);
            if ("IFDA".indexOf(t) < 0) {
                throw new IllegalArgumentException("$DATATYPE must be I, F, D or A, was '" + type + "'");
            }
            current.datatype = t;
            return this;
        }

        /** $BYTEORD as plain endianness: 1,2,3,4 (little) or 4,3,2,1 (big). */
        public Builder byteOrder(ByteOrder order) {
            return byteOrd(order == ByteOrder.LITTLE_ENDIAN ? "1,2,3,4" : "4,3,2,1");
        }

        /** $BYTEORD written as given, e.g. "3,4,1,2", "2,1" or "1,2,3,4,5,6,7,8" (see {@link ValueCodec}). */
        public Builder byteOrd(String byteOrd) {
            String[] parts = byteOrd.split(",");
            int[] order = new int[parts.length];
            boolean[] seen = new boolean[parts.length + 1];
            for (int i = 0; i < parts.length; i++) {
                int v;
                try {
                    v = Integer.parseInt(parts[i].strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("$BYTEORD must be comma-separated integers, was " + byteOrd, e);
                }
                if (v < 1 || v > parts.length || seen[v]) {
                    throw new IllegalArgumentException("$BYTEORD must be a permutation of 1.." + parts.length
                            + ", was " + byteOrd);
                }
                seen[v] = true;
                order[i] = v;
            }
            current.byteOrdText = byteOrd;
            current.byteOrd = order;
            return this;
        }

        /** The TEXT delimiter (default '/'); any ASCII character but NUL, e.g. '\f' (form feed) or '|'. */
        public Builder delimiter(char delimiter) {
            if (delimiter == 0 || delimiter > 126) {
                throw new IllegalArgumentException("Delimiter must be ASCII 1..126, was " + (int) delimiter);
            }
            current.delimiter = delimiter;
            return this;
        }

        /** Adds a linear channel: $PnN, $PnS (null to omit), $PnB, $PnR. */
        public Builder channel(String name, String label, int bits, double range) {
            return channel(SyntheticChannel.of(name, label, bits, range));
        }

        /** Adds a channel. */
        public Builder channel(SyntheticChannel channel) {
            current.channels.add(Objects.requireNonNull(channel, "channel"));
            return this;
        }

        /** Adds or replaces a keyword of the primary TEXT (see the class comment). */
        public Builder keyword(String key, String value) {
            current.keywords.put(key, value);
            return this;
        }

        /** Writes $SPILLOVER: n, the n detector names, then the n x n coefficients row by row. */
        public Builder spillover(SpilloverMatrix matrix) {
            return keyword("$SPILLOVER", spilloverValue(matrix));
        }

        /**
         * Keywords for a supplemental TEXT segment (written in the map's iteration order: pass an ordered map for
         * reproducible bytes), placed after the primary TEXT, or after DATA when {@code afterData}.
         */
        public Builder supplementalText(Map<String, String> keywords, boolean afterData) {
            current.supplemental = new LinkedHashMap<>(keywords);
            current.supplementalAfterData = afterData;
            return this;
        }

        /** Position of the primary TEXT for {@link Layout#TEXT_FIRST} (default 58, the end of the HEADER). */
        public Builder textOffset(long offset) {
            if (offset < 58) {
                throw new IllegalArgumentException("TEXT cannot start inside the 58-byte HEADER, was " + offset);
            }
            current.textOffset = offset;
            return this;
        }

        /**
         * Unused bytes before DATA. Gaps up to 1 MiB are filled with spaces; larger gaps are left as a sparse hole
         * (zeros), so {@code gapBeforeData(100_000_000)} makes a file with DATA beyond the HEADER's 8-digit limit.
         */
        public Builder gapBeforeData(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("Gap must be >= 0, was " + bytes);
            }
            current.gapBeforeData = bytes;
            return this;
        }

        /** Segment order (default {@link Layout#TEXT_FIRST}). */
        public Builder layout(Layout layout) {
            current.layout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /** Separator between free-format ASCII values (space, tab, comma, CR or LF; default space). */
        public Builder asciiSeparator(char separator) {
            if (" \t,\r\n".indexOf(separator) < 0) {
                throw new IllegalArgumentException("Free-format separator must be space, tab, comma, CR or LF");
            }
            current.asciiSeparator = separator;
            return this;
        }

        /** The events as columns, {@code columns[channel][event]} (copied lazily: do not modify until written). */
        public Builder events(double[][] columns) {
            Objects.requireNonNull(columns, "columns");
            long n = columns.length == 0 ? 0 : columns[0].length;
            for (double[] c : columns) {
                if (c.length != n) {
                    throw new IllegalArgumentException("All columns must have " + n + " events, one has " + c.length);
                }
            }
            current.count = n;
            current.columnCount = columns.length;
            current.source = (i, row) -> {
                for (int c = 0; c < row.length; c++) {
                    row[c] = columns[c][(int) i];
                }
            };
            return this;
        }

        /** {@code count} events produced by {@code source} (called once per event, in order). */
        public Builder events(long count, EventSource source) {
            if (count < 0) {
                throw new IllegalArgumentException("Event count must be >= 0, was " + count);
            }
            current.count = count;
            current.columnCount = -1;
            current.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** Whether to keep every expected value (default: when events x channels &lt;= 10 million). */
        public Builder retainTruth(boolean retain) {
            current.retainTruth = retain;
            return this;
        }

        /** Ends the current data set and starts the next; version, types, byte order and delimiter carry over. */
        public Builder nextDataSet() {
            finished.add(current);
            current = current.nextWithSameFormat();
            return this;
        }

        /** Writes the file (atomically) and returns the ground truth. */
        public Result write(Path path) {
            List<DataSetSpec> all = new ArrayList<>(finished);
            all.add(current);
            return FcsFileWriter.write(path, all);
        }
    }

    /** The $SPILLOVER keyword value of a square matrix (FCS 3.1 format). */
    public static String spilloverValue(SpilloverMatrix matrix) {
        if (!matrix.isSquare() || matrix.invertedAlready()) {
            throw new IllegalArgumentException("$SPILLOVER must be a square, not inverted matrix");
        }
        StringBuilder sb = new StringBuilder();
        int n = matrix.detectors().size();
        sb.append(n);
        for (String d : matrix.detectors()) {
            sb.append(',').append(d);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sb.append(',').append(number(matrix.coefficient(i, j)));
            }
        }
        return sb.toString();
    }

    /** A number as FCS keywords like it: integers without a decimal point, others in shortest round-trip form. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).toUpperCase(Locale.ROOT);
    }

    /** Mutable description of one data set, filled by the builder. */
    static final class DataSetSpec {
        String version = "3.1";
        char datatype = 'F';
        String byteOrdText = "1,2,3,4";
        int[] byteOrd = {1, 2, 3, 4};
        char delimiter = '/';
        char asciiSeparator = ' ';
        final List<SyntheticChannel> channels = new ArrayList<>();
        final LinkedHashMap<String, String> keywords = new LinkedHashMap<>();
        Map<String, String> supplemental;
        boolean supplementalAfterData;
        long textOffset = 58;
        long gapBeforeData;
        Layout layout = Layout.TEXT_FIRST;
        long count;
        /** Number of columns given to events(double[][]), or -1 for an EventSource. */
        int columnCount = -1;
        EventSource source = (i, row) -> { };
        Boolean retainTruth;

        DataSetSpec nextWithSameFormat() {
            DataSetSpec s = new DataSetSpec();
            s.version = version;
            s.datatype = datatype;
            s.byteOrdText = byteOrdText;
            s.byteOrd = byteOrd;
            s.delimiter = delimiter;
            s.asciiSeparator = asciiSeparator;
            return s;
        }
    }
}
