package org.cytoarrow.fcs.write;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.EventFrame;
import org.cytoarrow.core.io.AtomicFile;

/**
 * Writes event frames as FCS 3.1 list-mode files: little-endian float32 ({@code $DATATYPE/F/}), or float64
 * ({@code D}) when a column holds values that float32 cannot represent exactly (raw integers wider than 24
 * bits, D or ASCII source data, and never for {@link Values#SCALED}).
 *
 * <p>TEXT keeps every keyword of the sample except those that describe the old layout ($BEGINDATA, $BYTEORD,
 * $DATATYPE, $PnB, ...), which are rewritten; $PnN/$PnS/$PnR/$PnE/$PnG are written from the channels (raw values:
 * the source's own $PnR/$PnE/$PnG text when present, so scale values stay the same; scale values: $PnE 0,0, no
 * $PnG, $PnR the scale value of the old range and $TIMESTEP 1). A $SPILLOVER is added from the sample's matrix
 * when the keywords have none. HEADER offsets follow FCS 3.1 section 3.1: when the DATA segment ends beyond byte
 * 99,999,999 the HEADER holds 0 for DATA and readers use $BEGINDATA/$ENDDATA. Each data set ends with the
 * optional CRC field written as eight ASCII zeros (not computed).
 *
 * <p>Writing is atomic ({@link AtomicFile}). Stateless and thread-safe.
 */
public final class FcsWriter {
    static final int HEADER_LENGTH = 58;
    static final long HEADER_MAX_OFFSET = 99_999_999L;
    private static final byte[] CRC_ZEROS = "00000000".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern LAYOUT_PARAMETER_KEYWORD = Pattern.compile("\\$P\\d+(N|S|B|E|R|G|DATATYPE)");
    private static final List<String> LAYOUT_KEYWORDS = List.of("$BEGINANALYSIS", "$ENDANALYSIS", "$BEGINSTEXT",
            "$ENDSTEXT", "$BEGINDATA", "$ENDDATA", "$BYTEORD", "$DATATYPE", "$MODE", "$NEXTDATA", "$PAR", "$TOT",
            "$UNICODE");
    private static final String DELIMITERS = "|/\\\f~^!";

    private FcsWriter() {
    }

    /** Writes the raw values of {@code frame} to {@code path}. */
    public static void write(EventFrame frame, Path path) {
        write(frame, path, Values.RAW);
    }

    /** Writes {@code frame} to {@code path} as an FCS 3.1 file with one data set. */
    public static void write(EventFrame frame, Path path, Values values) {
        write(List.of(frame), path, values);
    }

    /** Writes several frames as consecutive data sets of one FCS 3.1 file, chained by $NEXTDATA. */
    public static void write(List<EventFrame> frames, Path path, Values values) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("No data sets to write to " + path);
        }
        List<OutputColumns> columns = new ArrayList<>();
        for (EventFrame f : frames) {
            columns.add(new OutputColumns(f, values));
        }
        AtomicFile.writeStream(path, out -> {
            for (int i = 0; i < columns.size(); i++) {
                writeDataset(columns.get(i), i == columns.size() - 1, out);
            }
        });
    }

    private static void writeDataset(OutputColumns cols, boolean last, OutputStream out) throws IOException {
        boolean asDouble = cols.values == Values.RAW && cols.anyDouble();
        int width = asDouble ? 8 : 4;
        long dataLength = (long) cols.rows * cols.count() * width;
        Map<String, String> keywords = keywords(cols, asDouble);
        char delimiter = chooseDelimiter(keywords);
        Layout layout = Layout.of(keywords, delimiter, dataLength, last);
        out.write(layout.header());
        out.write(layout.text());
        writeData(cols, asDouble, out);
        out.write(CRC_ZEROS);
    }

    /** Where the segments of one data set go; offsets relative to the first HEADER byte (FCS 3.1 section 3.1). */
    record Layout(long textBegin, long textEnd, long dataBegin, long dataEnd, long datasetLength, byte[] text) {

        /**
         * Finds the fixed point of TEXT length and DATA offsets: the offsets are written in TEXT, so TEXT's length
         * depends on their number of digits, which depends on TEXT's length. Converges in at most a few rounds
         * because the digit counts only grow.
         */
        static Layout of(Map<String, String> keywords, char delimiter, long dataLength, boolean last) {
            long dataBegin = 0;
            long dataEnd = 0;
            long next = 0;
            for (int round = 0; round < 10; round++) {
                Map<String, String> kw = new LinkedHashMap<>(keywords);
                kw.put("$BEGINDATA", Long.toString(dataBegin));
                kw.put("$ENDDATA", Long.toString(dataEnd));
                kw.put("$NEXTDATA", Long.toString(next));
                byte[] text = encodeText(kw, delimiter);
                long textEnd = HEADER_LENGTH + text.length - 1L;
                long begin = dataLength == 0 ? 0 : textEnd + 1;
                long end = dataLength == 0 ? 0 : begin + dataLength - 1;
                long datasetLength = textEnd + 1 + dataLength + CRC_ZEROS.length;
                long nextData = last ? 0 : datasetLength;
                if (begin == dataBegin && end == dataEnd && nextData == next) {
                    if (textEnd > HEADER_MAX_OFFSET) {
                        throw new IllegalArgumentException("TEXT segment of " + text.length
                                + " bytes does not fit in the first 99,999,999 bytes (FCS 3.1 section 3.2.2)");
                    }
                    return new Layout(HEADER_LENGTH, textEnd, begin, end, datasetLength, text);
                }
                dataBegin = begin;
                dataEnd = end;
                next = nextData;
            }
            throw new IllegalStateException("TEXT layout did not converge");
        }

        /** "FCS3.1", four spaces, then six right-justified 8-character offsets (0 for DATA beyond 99,999,999). */
        byte[] header() {
            boolean dataInHeader = dataEnd <= HEADER_MAX_OFFSET;
            String h = "FCS3.1    " + pad(textBegin) + pad(textEnd)
                    + pad(dataInHeader ? dataBegin : 0) + pad(dataInHeader ? dataEnd : 0) + pad(0) + pad(0);
            return h.getBytes(StandardCharsets.US_ASCII);
        }

        private static String pad(long v) {
            return String.format(Locale.ROOT, "%8d", v);
        }
    }

    /** The TEXT keywords of the new data set in a stable order: layout first, then channels, then the rest. */
    static Map<String, String> keywords(OutputColumns cols, boolean asDouble) {
        boolean scaled = cols.values == Values.SCALED;
        Map<String, String> source = cols.keywordsWithSpillover();
        Map<String, String> kw = new LinkedHashMap<>();
        kw.put("$BEGINANALYSIS", "0");
        kw.put("$ENDANALYSIS", "0");
        kw.put("$BEGINSTEXT", "0");
        kw.put("$ENDSTEXT", "0");
        kw.put("$BEGINDATA", "0");
        kw.put("$ENDDATA", "0");
        kw.put("$BYTEORD", "1,2,3,4");
        kw.put("$DATATYPE", asDouble ? "D" : "F");
        kw.put("$MODE", "L");
        kw.put("$NEXTDATA", "0");
        kw.put("$PAR", Integer.toString(cols.count()));
        kw.put("$TOT", Integer.toString(cols.rows));
        boolean timeScaled = false;
        for (Channel c : cols.channels) {
            String p = "$P" + (c.index() + 1);
            boolean scaleThis = cols.isScaled(c.index());
            timeScaled |= scaleThis && c.time();
            kw.put(p + "N", c.name());
            if (c.label() != null && !c.label().isEmpty()) {
                kw.put(p + "S", c.label());
            }
            kw.put(p + "B", asDouble ? "64" : "32");
            if (scaleThis) {
                kw.put(p + "E", "0,0");
                kw.put(p + "R", Numbers.ofDouble(Math.ceil(c.toScale(c.range()))));
            } else if (scaled) {
                // Unscaled channel of a scaled file: its raw range, linear, no gain (the gain rule did not apply).
                kw.put(p + "E", "0,0");
                kw.put(p + "R", lookup(source, p + "R").orElse(Numbers.ofDouble(c.range())));
            } else {
                kw.put(p + "E", lookup(source, p + "E")
                        .orElse(Numbers.ofDouble(c.decades()) + "," + Numbers.ofDouble(c.offset())));
                kw.put(p + "R", lookup(source, p + "R").orElse(Numbers.ofDouble(c.range())));
                Optional<String> gain = lookup(source, p + "G");
                if (gain.isPresent()) {
                    kw.put(p + "G", gain.get());
                } else if (!Double.isNaN(c.gain())) {
                    kw.put(p + "G", Numbers.ofDouble(c.gain()));
                }
            }
        }
        for (Map.Entry<String, String> e : source.entrySet()) {
            String key = e.getKey();
            String upper = key.toUpperCase(Locale.ROOT);
            if (key.isEmpty() || e.getValue() == null || e.getValue().isEmpty()
                    || LAYOUT_KEYWORDS.contains(upper) || LAYOUT_PARAMETER_KEYWORD.matcher(upper).matches()
                    || (timeScaled && upper.equals("$TIMESTEP"))) {
                continue;
            }
            kw.put(key, e.getValue());
        }
        if (timeScaled) {
            kw.put("$TIMESTEP", "1");
        }
        return kw;
    }

    private static Optional<String> lookup(Map<String, String> keywords, String key) {
        for (Map.Entry<String, String> e : keywords.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key) && e.getValue() != null && !e.getValue().isBlank()) {
                return Optional.of(e.getValue().strip());
            }
        }
        return Optional.empty();
    }

    /**
     * A delimiter that occurs in no keyword or value, so nothing needs escaping: the usual ones first, then any
     * other ASCII punctuation or control byte (FCS 3.1 section 3.2.1 allows bytes 1-126). Only if every one is
     * used does the writer fall back to doubling, with a delimiter no keyword or value starts with (a leading
     * doubled delimiter right after a separating one cannot be read unambiguously).
     */
    static char chooseDelimiter(Map<String, String> keywords) {
        boolean[] used = new boolean[128];
        boolean[] leading = new boolean[128];
        for (Map.Entry<String, String> e : keywords.entrySet()) {
            mark(e.getKey(), used, leading);
            mark(e.getValue(), used, leading);
        }
        StringBuilder order = new StringBuilder(DELIMITERS);
        for (char ch = 1; ch <= 126; ch++) {
            if (!Character.isLetterOrDigit(ch) && ch != ' ' && DELIMITERS.indexOf(ch) < 0) {
                order.append(ch);
            }
        }
        for (int i = 0; i < order.length(); i++) {
            if (!used[order.charAt(i)]) {
                return order.charAt(i);
            }
        }
        for (int i = 0; i < order.length(); i++) {
            if (!leading[order.charAt(i)]) {
                return order.charAt(i);
            }
        }
        throw new IllegalArgumentException("Every possible TEXT delimiter starts some keyword or value");
    }

    private static void mark(String s, boolean[] used, boolean[] leading) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 128) {
                used[ch] = true;
            }
        }
        if (!s.isEmpty() && s.charAt(0) < 128) {
            leading[s.charAt(0)] = true;
        }
    }

    /** TEXT: delimiter, then key, delimiter, value, delimiter for each pair; a delimiter inside is doubled. */
    static byte[] encodeText(Map<String, String> keywords, char delimiter) {
        StringBuilder sb = new StringBuilder(64 * keywords.size());
        String d = String.valueOf(delimiter);
        String dd = d + d;
        sb.append(delimiter);
        for (Map.Entry<String, String> e : keywords.entrySet()) {
            sb.append(e.getKey().replace(d, dd)).append(delimiter);
            sb.append(e.getValue().replace(d, dd)).append(delimiter);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeData(OutputColumns cols, boolean asDouble, OutputStream out) throws IOException {
        int par = cols.count();
        int block = Math.max(1, Math.min(OutputColumns.BLOCK, cols.rows));
        double[][] values = new double[par][block];
        int width = asDouble ? 8 : 4;
        ByteBuffer buf = ByteBuffer.allocate(block * par * width).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < cols.rows; from += block) {
            int n = Math.min(block, cols.rows - from);
            for (int c = 0; c < par; c++) {
                cols.block(c, from, n, values[c]);
            }
            buf.clear();
            if (asDouble) {
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < par; c++) {
                        buf.putDouble(values[c][r]);
                    }
                }
            } else {
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < par; c++) {
                        buf.putFloat((float) values[c][r]);
                    }
                }
            }
            out.write(buf.array(), 0, buf.position());
        }
    }
}
