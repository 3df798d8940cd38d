package org.cytoarrow.testdata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cytoarrow.core.io.AtomicFile;
import org.cytoarrow.testdata.SyntheticFcs.DataSet;
import org.cytoarrow.testdata.SyntheticFcs.DataSetSpec;
import org.cytoarrow.testdata.SyntheticFcs.Layout;
import org.cytoarrow.testdata.SyntheticFcs.Segment;

/** Lays out and writes the data sets described by {@link SyntheticFcs.Builder}. */
final class FcsFileWriter {
    private static final int HEADER_BYTES = 58;
    private static final long MAX_SPACE_FILL = 1 << 20;
    private static final long DEFAULT_RETAIN_LIMIT = 10_000_000L;

    private FcsFileWriter() {
    }

    /** Positions of the segments of one data set, relative to its HEADER. */
    private record Placement(long textBegin, long supplementalBegin, long dataBegin, long total) {
    }

    private record Written(DataSet dataSet, long total) {
    }

    static SyntheticFcs.Result write(Path path, List<DataSetSpec> specs) {
        List<DataSet> written = new ArrayList<>();
        long[] size = new long[1];
        AtomicFile.write(path, tmp -> {
            long base = 0;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int k = 0; k < specs.size(); k++) {
                    Written w = writeDataSet(ch, base, specs.get(k), k == specs.size() - 1);
                    written.add(w.dataSet());
                    base += w.total();
                }
            }
            size[0] = Files.size(tmp);
        });
        return new SyntheticFcs.Result(path, size[0], List.copyOf(written));
    }

    private static Written writeDataSet(FileChannel ch, long base, DataSetSpec s, boolean last) throws IOException {
        boolean v2 = s.version.equals("2.0");
        int par = s.channels.size();
        if (s.columnCount >= 0 && s.columnCount != par && s.count > 0) {
            throw new IllegalArgumentException("Got " + s.columnCount + " event columns for " + par + " channels");
        }
        ValueCodec[] codecs = new ValueCodec[par];
        int freeFormat = 0;
        long rowBytes = 0;
        for (int c = 0; c < par; c++) {
            SyntheticChannel channel = s.channels.get(c);
            if (channel.datatype() != 0 && !s.version.equals("3.2")) {
                throw new IllegalArgumentException("Channel " + channel.name() + ": $PnDATATYPE needs FCS 3.2, not "
                        + s.version);
            }
            codecs[c] = ValueCodec.of(channel, s.datatype, s.byteOrd);
            if (codecs[c].width < 0) {
                freeFormat++;
            } else {
                rowBytes += codecs[c].width;
            }
        }
        if (freeFormat != 0 && freeFormat != par) {
            throw new IllegalArgumentException("Free-format ASCII ($PnB=*) must be used for all channels or none");
        }
        boolean retain = s.retainTruth != null ? s.retainTruth : s.count * par <= DEFAULT_RETAIN_LIMIT;
        if (retain && s.count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Cannot retain " + s.count + " expected values per channel");
        }
        double[][] expected = retain ? new double[par][(int) s.count] : null;
        double[] sums = new double[par];

        byte[] freeData = freeFormat > 0 ? encodeFreeFormat(s, codecs, expected, sums) : null;
        long dataLen = freeData != null ? freeData.length : s.count * rowBytes;
        byte[] supplemental = s.supplemental == null ? null : TextEncoder.encode(s.supplemental, s.delimiter);
        long supplementalLen = supplemental == null ? 0 : supplemental.length;

        // TEXT holds its own neighbours' offsets: grow the space reserved for it until the keywords fit.
        long reserved = 0;
        Placement p;
        Map<String, String> keywords;
        byte[] text;
        while (true) {
            p = place(s, reserved, supplementalLen, dataLen);
            keywords = keywords(s, p, supplementalLen, dataLen, last);
            text = TextEncoder.encode(keywords, s.delimiter);
            if (text.length <= reserved) {
                break;
            }
            reserved = text.length;
        }
        Segment textSeg = Segment.of(p.textBegin(), text.length);
        Segment supplementalSeg = Segment.of(p.supplementalBegin(), supplementalLen);
        Segment dataSeg = Segment.of(p.dataBegin(), dataLen);
        if (textSeg.end() > SyntheticFcs.MAX_HEADER_OFFSET) {
            throw new IllegalArgumentException("The primary TEXT must end before byte 100,000,000 (HEADER limit), "
                    + "ends at " + textSeg.end());
        }
        if (v2 && dataSeg.end() > SyntheticFcs.MAX_HEADER_OFFSET) {
            throw new IllegalArgumentException("FCS 2.0 cannot address DATA beyond byte 99,999,999 (no $BEGINDATA)");
        }

        writeAt(ch, base, header(s.version, textSeg, dataSeg));
        fill(ch, base + HEADER_BYTES, base + Math.min(p.textBegin(), p.dataBegin()));
        writeAt(ch, base + p.textBegin(), text);
        fill(ch, base + p.textBegin() + text.length, base + p.textBegin() + reserved);
        if (supplemental != null) {
            writeAt(ch, base + p.supplementalBegin(), supplemental);
        }
        if (s.layout == Layout.TEXT_FIRST) {
            long afterText = p.textBegin() + reserved
                    + (supplemental != null && !s.supplementalAfterData ? supplementalLen : 0);
            fill(ch, base + afterText, base + p.dataBegin());
        }
        if (freeData != null) {
            writeAt(ch, base + p.dataBegin(), freeData);
        } else {
            writeBinaryData(ch, base + p.dataBegin(), s, codecs, rowBytes, expected, sums);
        }
        return new Written(new DataSet(base, textSeg, supplementalSeg, dataSeg,
                Collections.unmodifiableMap(keywords), List.copyOf(s.channels), s.count, sums, expected), p.total());
    }

    private static Placement place(DataSetSpec s, long textLen, long supplementalLen, long dataLen) {
        long textBegin;
        long supplementalBegin = 0;
        long dataBegin;
        long pos;
        if (s.layout == Layout.TEXT_FIRST) {
            textBegin = s.textOffset;
            pos = textBegin + textLen;
            if (supplementalLen > 0 && !s.supplementalAfterData) {
                supplementalBegin = pos;
                pos += supplementalLen;
            }
            dataBegin = pos + s.gapBeforeData;
            pos = dataBegin + dataLen;
            if (supplementalLen > 0 && s.supplementalAfterData) {
                supplementalBegin = pos;
                pos += supplementalLen;
            }
        } else {
            dataBegin = HEADER_BYTES + s.gapBeforeData;
            textBegin = dataBegin + dataLen;
            pos = textBegin + textLen;
            if (supplementalLen > 0) {
                supplementalBegin = pos;
                pos += supplementalLen;
            }
        }
        return new Placement(textBegin, supplementalBegin, dataBegin, pos);
    }

    private static Map<String, String> keywords(DataSetSpec s, Placement p, long supplementalLen, long dataLen,
                                                boolean last) {
        Segment data = Segment.of(p.dataBegin(), dataLen);
        Segment supplemental = Segment.of(p.supplementalBegin(), supplementalLen);
        Map<String, String> kw = new LinkedHashMap<>();
        if (!s.version.equals("2.0")) {
            kw.put("$BEGINANALYSIS", "0");
            kw.put("$ENDANALYSIS", "0");
            kw.put("$BEGINDATA", Long.toString(data.begin()));
            kw.put("$ENDDATA", Long.toString(data.end()));
            kw.put("$BEGINSTEXT", Long.toString(supplemental.begin()));
            kw.put("$ENDSTEXT", Long.toString(supplemental.end()));
        }
        kw.put("$BYTEORD", s.byteOrdText);
        kw.put("$DATATYPE", String.valueOf(s.datatype));
        kw.put("$MODE", "L");
        kw.put("$NEXTDATA", last ? "0" : Long.toString(p.total()));
        kw.put("$PAR", Integer.toString(s.channels.size()));
        kw.put("$TOT", Long.toString(s.count));
        if (s.version.equals("3.2")) {
            kw.put("$CYT", "cytoarrow SyntheticFcs");
        }
        for (int i = 0; i < s.channels.size(); i++) {
            SyntheticChannel c = s.channels.get(i);
            String n = "$P" + (i + 1);
            kw.put(n + "N", c.name());
            if (c.label() != null) {
                kw.put(n + "S", c.label());
            }
            kw.put(n + "B", c.bits() == SyntheticChannel.FREE_FORMAT ? "*" : Integer.toString(c.bits()));
            kw.put(n + "E", SyntheticFcs.number(c.decades()) + "," + SyntheticFcs.number(c.offset()));
            kw.put(n + "R", SyntheticFcs.number(c.range()));
            if (!Double.isNaN(c.gain())) {
                kw.put(n + "G", SyntheticFcs.number(c.gain()));
            }
            if (c.datatype() != 0) {
                kw.put(n + "DATATYPE", String.valueOf(c.datatype()));
            }
        }
        kw.putAll(s.keywords);
        return kw;
    }

    /**
     * The 58-byte HEADER; DATA offsets beyond the 8-digit limit are written as 0, the real ones being in
     * $BEGINDATA/$ENDDATA (FCS 3.0 section 3.1).
     */
    private static byte[] header(String version, Segment text, Segment data) {
        boolean dataFits = data.end() <= SyntheticFcs.MAX_HEADER_OFFSET;
        String h = "FCS" + version + "    " + field(text.begin()) + field(text.end())
                + field(dataFits ? data.begin() : 0) + field(dataFits ? data.end() : 0) + field(0) + field(0);
        return h.getBytes(StandardCharsets.US_ASCII);
    }

    private static String field(long v) {
        return String.format("%8d", v);
    }

    private static byte[] encodeFreeFormat(DataSetSpec s, ValueCodec[] codecs, double[][] expected, double[] sums) {
        StringBuilder sb = new StringBuilder();
        double[] row = new double[codecs.length];
        for (long i = 0; i < s.count; i++) {
            s.source.next(i, row);
            for (int c = 0; c < codecs.length; c++) {
                if (sb.length() > 0) {
                    sb.append(s.asciiSeparator);
                }
                sb.append(codecs[c].text(row[c]));
                record(codecs[c], row[c], c, i, expected, sums);
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void record(ValueCodec codec, double v, int c, long i, double[][] expected, double[] sums) {
        double t = codec.truth(v);
        sums[c] += t;
        if (expected != null) {
            expected[c][(int) i] = t;
        }
    }

    private static void writeBinaryData(FileChannel ch, long position, DataSetSpec s, ValueCodec[] codecs,
                                        long rowBytes, double[][] expected, double[] sums) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.max(1 << 20, rowBytes));
        ByteOrder plain = ValueCodec.plainOrder(s.byteOrd);
        if (plain != null) {
            buf.order(plain);
        }
        double[] row = new double[codecs.length];
        long pos = position;
        for (long i = 0; i < s.count; i++) {
            s.source.next(i, row);
            for (int c = 0; c < codecs.length; c++) {
                record(codecs[c], row[c], c, i, expected, sums);
                codecs[c].encode(row[c], buf);
            }
            if (buf.remaining() < rowBytes) {
                pos = flush(ch, buf, pos);
            }
        }
        flush(ch, buf, pos);
    }

    private static long flush(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        buf.flip();
        long p = pos;
        while (buf.hasRemaining()) {
            p += ch.write(buf, p);
        }
        buf.clear();
        return p;
    }

    private static void writeAt(FileChannel ch, long pos, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long p = pos;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }

    /** Fills [from, to) with spaces when small; a larger gap stays a sparse hole of zeros. */
    private static void fill(FileChannel ch, long from, long to) throws IOException {
        if (to <= from || to - from > MAX_SPACE_FILL) {
            return;
        }
        byte[] spaces = new byte[(int) (to - from)];
        Arrays.fill(spaces, (byte) ' ');
        writeAt(ch, from, spaces);
    }
}
