package org.cytoarrow.fcs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.ColumnStorage;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.Stringency;
import org.cytoarrow.core.compensation.SpilloverMatrix;

/**
 * Reads the HEADER and TEXT (primary and supplemental) of one data set and works out its channels and DATA
 * layout. Every offset and size is checked against the real file size before anything is allocated.
 */
final class DatasetParser {
    /** Largest TEXT segment read (the format allows 99,999,999 bytes; real ones are below 1 MB). */
    static final long MAX_TEXT_BYTES = 100_000_000L;

    /** The parsed data set: its sample, DATA layout, and the absolute offset of the next data set (or -1). */
    record Parsed(Sample sample, DataLayout layout, long next, long analysisStart, long analysisEnd) {
    }

    private final FileAccess file;
    private final long base;
    private final int index;
    private final IssueLog log;
    private FcsHeader header;
    private Keywords keywords;
    private long textStart;
    private long textEnd;
    private CytoException unreadable;

    private DatasetParser(FileAccess file, long base, int index, Stringency stringency) {
        this.file = file;
        this.base = base;
        this.index = index;
        this.log = new IssueLog(file.source(), index, stringency);
    }

    /** Parses the data set whose HEADER starts at absolute offset {@code base}. */
    static Parsed parse(FileAccess file, long base, int index, Stringency stringency) {
        return new DatasetParser(file, base, index, stringency).parse();
    }

    private Parsed parse() {
        byte[] h = file.read(base, FcsHeader.LENGTH);
        header = FcsHeader.parse(h, h.length, base, log);
        readText();
        readSupplementalText();
        int par = parameterCount();
        List<Channel> channels = new ArrayList<>(par);
        ColumnCodec[] codecs = new ColumnCodec[par];
        buildChannels(par, channels, codecs);
        DataLayout layout = layout(codecs);
        long[] analysis = analysis();
        Optional<SpilloverMatrix> spillover = SpilloverParser.parse(keywords, channels, log);
        long next = nextData();
        Sample sample = new Sample(file.source(), index, keywords.asMap(), channels, layout.events(), spillover,
                log.issues());
        return new Parsed(sample, layout, next, analysis[0], analysis[1]);
    }

    // ---------------------------------------------------------------- TEXT

    private void readText() {
        long ts = header.textStart();
        long te = header.textEnd();
        if (ts < FcsHeader.LENGTH || te < ts) {
            throw log.fatal(FcsIssueCode.TEXT_OFFSETS_INVALID, "HEADER bytes 10-25", "TEXT offsets " + ts + ".."
                    + te + " do not describe a segment after the 58-byte HEADER");
        }
        if (base + ts >= file.size()) {
            throw log.fatal(FcsIssueCode.TEXT_OFFSETS_INVALID, "HEADER bytes 10-25", "TEXT starts at byte "
                    + (base + ts) + " but the file has " + file.size() + " bytes");
        }
        if (te - ts + 1 > MAX_TEXT_BYTES) {
            throw log.fatal(FcsIssueCode.TEXT_TOO_LARGE, "HEADER bytes 10-25", "TEXT of " + (te - ts + 1)
                    + " bytes is larger than the " + MAX_TEXT_BYTES + " bytes FCS allows");
        }
        long length = te - ts + 1;
        if (base + te >= file.size()) {
            long available = file.size() - base - ts;
            log.report(FcsIssueCode.TEXT_TRUNCATED, "TEXT " + ts + ".." + te, "the file ends after " + available
                    + " of the " + length + " TEXT bytes; parsing what is there");
            length = available;
        }
        textStart = base + ts;
        textEnd = base + ts + length - 1;
        byte[] text = file.read(textStart, (int) length);
        keywords = TextParser.parse(text, text.length, "TEXT", log);
    }

    private void readSupplementalText() {
        String bs = keywords.get("$BEGINSTEXT");
        String es = keywords.get("$ENDSTEXT");
        if (bs == null && es == null) {
            return;
        }
        long b = Numbers.parseLong(bs);
        long e = Numbers.parseLong(es);
        if (b == 0 && e == 0) {
            return;
        }
        String at = "TEXT keywords $BEGINSTEXT/$ENDSTEXT";
        if (b < 0 || e < 0) {
            log.report(FcsIssueCode.SUPPLEMENTAL_TEXT_INVALID, at, "\"" + bs + "\"/\"" + es
                    + "\" are not byte offsets; supplemental TEXT ignored");
            return;
        }
        if (base + b == textStart && base + e >= textEnd) {
            log.report(FcsIssueCode.SUPPLEMENTAL_TEXT_IS_PRIMARY, at, b + ".." + e
                    + " is the primary TEXT; nothing more to read");
            return;
        }
        if (e < b || e - b + 1 > MAX_TEXT_BYTES || base + e >= file.size() || b < FcsHeader.LENGTH
                || base + b <= textEnd && base + e >= textStart) {
            log.report(FcsIssueCode.SUPPLEMENTAL_TEXT_INVALID, at, b + ".." + e
                    + " is reversed, overlaps the HEADER or TEXT, or lies past the end of the " + file.size()
                    + "-byte file; supplemental TEXT ignored");
            return;
        }
        byte[] text = file.read(base + b, (int) (e - b + 1));
        Keywords more = TextParser.parse(text, text.length, "supplemental TEXT", log);
        for (var entry : more.asMap().entrySet()) {
            String previous = keywords.get(entry.getKey());
            if (previous != null) {
                log.report(FcsIssueCode.DUPLICATE_KEYWORD, "supplemental TEXT keyword " + entry.getKey(),
                        "also in the primary TEXT; the primary value \"" + TextParser.abbreviate(previous)
                                + "\" is kept");
            } else {
                keywords.put(entry.getKey(), entry.getValue());
            }
        }
    }

    // ---------------------------------------------------------------- channels

    private int parameterCount() {
        String p = keywords.get("$PAR");
        if (p == null) {
            throw log.fatal(FcsIssueCode.MISSING_KEYWORD, "TEXT keyword $PAR", "$PAR (number of parameters) is "
                    + "missing");
        }
        long n = Numbers.parseLong(p);
        // Every parameter needs at least its $PnB keyword, so $PAR cannot exceed the number of keywords.
        if (n < 1 || n > keywords.size()) {
            throw log.fatal(FcsIssueCode.PAR_INVALID, "TEXT keyword $PAR", "$PAR=\"" + TextParser.abbreviate(p)
                    + "\" is not a number of parameters between 1 and " + keywords.size()
                    + " (the number of keywords)");
        }
        return (int) n;
    }

    private char fileDataType() {
        String dt = keywords.get("$DATATYPE");
        if (dt == null) {
            deferred(FcsIssueCode.MISSING_KEYWORD, "TEXT keyword $DATATYPE", "$DATATYPE is missing");
            return '?';
        }
        String t = dt.strip().toUpperCase(Locale.ROOT);
        if (t.equals("I") || t.equals("F") || t.equals("D") || t.equals("A")) {
            return t.charAt(0);
        }
        deferred(FcsIssueCode.UNSUPPORTED_DATA, "TEXT keyword $DATATYPE", "$DATATYPE=\"" + dt
                + "\" is not I, F, D or A");
        return '?';
    }

    private void buildChannels(int par, List<Channel> channels, ColumnCodec[] codecs) {
        char fileType = fileDataType();
        checkMode();
        int[] byteOrd = byteOrder();
        double timestep = timestep();
        Set<String> names = new HashSet<>();
        boolean anyTime = false;
        int offset = 0;
        boolean widthMismatchReported = false;
        for (int n = 1; n <= par; n++) {
            String p = "$P" + n;
            String name = keywords.get(p + "N");
            if (name == null) {
                name = "P" + n;
                log.report(FcsIssueCode.MISSING_KEYWORD, "TEXT keyword " + p + "N", p + "N is missing; the channel "
                        + "is called " + name);
            }
            if (!names.add(name)) {
                log.report(FcsIssueCode.DUPLICATE_CHANNEL_NAME, "TEXT keyword " + p + "N", "channel name \"" + name
                        + "\" is used twice");
            }
            String label = keywords.get(p + "S");
            char type = fileType;
            String pdt = keywords.get(p + "DATATYPE");
            if (pdt != null) {
                String t = pdt.strip().toUpperCase(Locale.ROOT);
                if (t.equals("I") || t.equals("F") || t.equals("D")) {
                    type = t.charAt(0);
                } else {
                    deferred(FcsIssueCode.UNSUPPORTED_DATA, "TEXT keyword " + p + "DATATYPE", p + "DATATYPE=\""
                            + pdt + "\" is not I, F or D");
                    type = '?';
                }
            }
            double range = range(p);
            String pnb = keywords.get(p + "B");
            int bits = bits(p, pnb, type);
            double[] pne = pne(p, range);
            double gain = gain(p);
            boolean time = name.strip().equalsIgnoreCase("time");
            anyTime |= time;
            ColumnCodec codec = codec(p, type, bits, range, offset, byteOrd);
            // FCS 3.1 allows only 1,2,3,4 and 4,3,2,1 whatever the value width, so a 4-byte order on 16-, 24- or
            // 64-bit values is normal; a 2-byte order ("1,2") on wider values is not.
            if (codec.width() > 1 && byteOrd != null && byteOrd.length < Math.min(4, codec.width())
                    && !widthMismatchReported
                    && type != 'A') {
                widthMismatchReported = true;
                log.report(FcsIssueCode.BYTEORD_WIDTH_MISMATCH, "TEXT keyword $BYTEORD", "$BYTEORD has "
                        + byteOrd.length + " bytes, " + p + " values have " + codec.width() + "; read as "
                        + (codec.bigEndian() ? "big" : "little") + "-endian");
            }
            offset += codec.width();
            codecs[n - 1] = codec;
            ColumnStorage storage = codec.float32() ? ColumnStorage.FLOAT32 : ColumnStorage.FLOAT64;
            int pnbValue = pnb != null && pnb.strip().equals("*") ? 0 : Math.max(bits, 0);
            channels.add(new Channel(n - 1, name, label, pnbValue, range, storage, pne[0], pne[1], gain, time,
                    time ? timestep : 1.0));
        }
        String ts = keywords.get("$TIMESTEP");
        if (ts != null && !anyTime) {
            log.report(FcsIssueCode.TIMESTEP_WITHOUT_TIME_CHANNEL, "TEXT keyword $TIMESTEP", "$TIMESTEP=\"" + ts
                    + "\" but no channel is named Time");
        }
    }

    private void checkMode() {
        String mode = keywords.get("$MODE");
        if (mode == null) {
            if (!header.version().equals("FCS3.2")) {
                log.report(FcsIssueCode.MISSING_KEYWORD, "TEXT keyword $MODE", "$MODE is missing; list mode (L) "
                        + "assumed");
            }
            return;
        }
        if (!mode.strip().equalsIgnoreCase("L")) {
            deferred(FcsIssueCode.UNSUPPORTED_DATA, "TEXT keyword $MODE", "$MODE=\"" + mode
                    + "\": only list mode (L) is supported (histogram modes C/U are deprecated since FCS 3.1)");
        }
    }

    /** $BYTEORD as 1-based significances per file position, or null when absent/invalid. */
    private int[] byteOrder() {
        String bo = keywords.get("$BYTEORD");
        if (bo == null) {
            return null;
        }
        String[] parts = bo.strip().split("\\s*,\\s*");
        if (parts.length > 8) {
            log.report(FcsIssueCode.BYTEORD_INVALID, "TEXT keyword $BYTEORD", "$BYTEORD=\""
                    + TextParser.abbreviate(bo) + "\" is not a byte permutation");
            return null;
        }
        int[] order = new int[parts.length];
        boolean[] seen = new boolean[parts.length + 1];
        for (int i = 0; i < parts.length; i++) {
            long v = Numbers.parseLong(parts[i]);
            if (v < 1 || v > parts.length || seen[(int) v]) {
                log.report(FcsIssueCode.BYTEORD_INVALID, "TEXT keyword $BYTEORD", "$BYTEORD=\""
                        + TextParser.abbreviate(bo) + "\" is not a permutation of 1.." + parts.length);
                return null;
            }
            seen[(int) v] = true;
            order[i] = (int) v;
        }
        return order;
    }

    private double timestep() {
        String ts = keywords.get("$TIMESTEP");
        if (ts == null || ts.isBlank()) {
            return 1.0;
        }
        double v = Numbers.parseDouble(ts);
        if (Double.isNaN(v)) {
            log.report(FcsIssueCode.TIMESTEP_INVALID, "TEXT keyword $TIMESTEP", "$TIMESTEP=\""
                    + TextParser.abbreviate(ts) + "\" is not a number; time scale values are undefined (NaN)");
        }
        return v;
    }

    private double range(String p) {
        String r = keywords.get(p + "R");
        double v = Numbers.parseDouble(r);
        if (!(v > 0) || Double.isInfinite(v)) {
            log.report(FcsIssueCode.RANGE_INVALID, "TEXT keyword " + p + "R", p + "R="
                    + (r == null ? "(missing)" : "\"" + TextParser.abbreviate(r) + "\"")
                    + " is not a positive number; values are not masked");
            return Double.NaN;
        }
        return v;
    }

    /** $PnB as a number (0 for "*"), or -1 (deferred error recorded) when unusable. */
    private int bits(String p, String pnb, char type) {
        if (pnb == null) {
            deferred(FcsIssueCode.MISSING_KEYWORD, "TEXT keyword " + p + "B", p + "B is missing");
            return -1;
        }
        if (pnb.strip().equals("*")) {
            if (type != 'A') {
                deferred(FcsIssueCode.UNSUPPORTED_DATA, "TEXT keyword " + p + "B", p + "B=* (free format) needs "
                        + "$DATATYPE A");
                return -1;
            }
            return 0;
        }
        long b = Numbers.parseLong(pnb);
        if (b < 1 || b > 1024) {
            deferred(FcsIssueCode.INVALID_KEYWORD, "TEXT keyword " + p + "B", p + "B=\""
                    + TextParser.abbreviate(pnb) + "\" is not a number of bits");
            return -1;
        }
        return (int) b;
    }

    private double[] pne(String p, double range) {
        String e = keywords.get(p + "E");
        if (e == null) {
            return new double[] {0, 0};
        }
        String[] f = e.split(",", -1);
        double f1 = f.length == 2 ? Numbers.parseDouble(f[0]) : Double.NaN;
        double f2 = f.length == 2 ? Numbers.parseDouble(f[1]) : Double.NaN;
        if (Double.isNaN(f1) || Double.isNaN(f2) || f1 < 0 || Double.isInfinite(f1) || Double.isInfinite(f2)) {
            log.report(FcsIssueCode.PNE_INVALID, "TEXT keyword " + p + "E", p + "E=\"" + TextParser.abbreviate(e)
                    + "\" is not f1,f2 with f1 >= 0; taken as linear");
            return new double[] {0, 0};
        }
        if (f1 > 0 && Double.isNaN(range)) {
            log.report(FcsIssueCode.PNE_INVALID, "TEXT keyword " + p + "E", p + "E=\"" + e + "\" is logarithmic "
                    + "but " + p + "R is unusable; scale values are undefined (NaN)");
        }
        return new double[] {f1, f2};
    }

    private double gain(String p) {
        String g = keywords.get(p + "G");
        if (g == null) {
            return Double.NaN;
        }
        double v = Numbers.parseDouble(g);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            log.report(FcsIssueCode.PNG_INVALID, "TEXT keyword " + p + "G", p + "G=\"" + TextParser.abbreviate(g)
                    + "\" is not a number; no gain applied");
            return Double.NaN;
        }
        return v;
    }

    // ---------------------------------------------------------------- DATA layout

    private ColumnCodec codec(String p, char type, int bits, double range, int offset, int[] byteOrd) {
        String at = "TEXT keyword " + p + "B";
        switch (type) {
            case 'F', 'D' -> {
                int want = type == 'F' ? 32 : 64;
                if (bits >= 0 && bits != want) {
                    log.report(FcsIssueCode.PNB_MISMATCH, at, p + "B=" + bits + " but $DATATYPE " + type
                            + " values have " + want + " bits; read as " + want);
                }
                int w = want / 8;
                return ordered(type == 'F' ? ColumnCodec.Kind.F32 : ColumnCodec.Kind.F64, type, offset, w, byteOrd,
                        -1L, type == 'F');
            }
            case 'I' -> {
                if (bits < 0) {
                    return new ColumnCodec(ColumnCodec.Kind.U8, offset, 0, false, null, 'I', 0, true);
                }
                if (bits % 8 != 0 || bits > 64) {
                    deferred(FcsIssueCode.UNSUPPORTED_DATA, at, p + "B=" + bits + ": integer widths must be a "
                            + "multiple of 8 up to 64 (bit-packed values are not supported)");
                    int w = Math.min(8, (bits + 7) / 8);
                    return new ColumnCodec(ColumnCodec.Kind.U8, offset, w, false, null, 'I', 0, bits <= 24);
                }
                long mask = mask(range, bits);
                boolean f32 = 64 - Long.numberOfLeadingZeros(mask) <= 24;
                ColumnCodec.Kind kind = switch (bits) {
                    case 8 -> ColumnCodec.Kind.U8;
                    case 16 -> ColumnCodec.Kind.U16;
                    case 24 -> ColumnCodec.Kind.U24;
                    case 32 -> ColumnCodec.Kind.U32;
                    case 64 -> ColumnCodec.Kind.U64;
                    default -> ColumnCodec.Kind.PERMUTED;
                };
                return ordered(kind, 'I', offset, bits / 8, byteOrd, mask, f32);
            }
            case 'A' -> {
                if (bits == 0) {
                    return new ColumnCodec(ColumnCodec.Kind.ASCII_FREE, offset, 0, false, null, 'A', -1L, false);
                }
                int w = Math.max(bits, 0);
                return new ColumnCodec(ColumnCodec.Kind.ASCII_FIXED, offset, w, false, null, 'A', -1L, false);
            }
            default -> {
                return new ColumnCodec(ColumnCodec.Kind.U8, offset, 0, false, null, '?', 0, false);
            }
        }
    }

    /** The smallest power of two >= $PnR, minus one, if smaller than 2^bits; else all bits of the field. */
    static long mask(double range, int bits) {
        long field = bits >= 64 ? -1L : (1L << bits) - 1;
        if (!(range > 0)) {
            return field;
        }
        int k = 0;
        while (k < 64 && Math.scalb(1.0, k) < range) {
            k++;
        }
        return k >= bits ? field : (1L << k) - 1;
    }

    private ColumnCodec ordered(ColumnCodec.Kind kind, char type, int offset, int width, int[] byteOrd, long mask,
                                boolean f32) {
        if (width == 1) {
            return new ColumnCodec(kind, offset, width, false, null, type, mask, f32);
        }
        if (byteOrd == null) {
            log.reportOnce(FcsIssueCode.BYTEORD_INVALID, "TEXT keyword $BYTEORD", "$BYTEORD is missing or invalid;"
                    + " little-endian assumed");
            return new ColumnCodec(kind, offset, width, false, null, type, mask, f32);
        }
        boolean ascending = true;
        boolean descending = true;
        for (int i = 0; i < byteOrd.length; i++) {
            ascending &= byteOrd[i] == i + 1;
            descending &= byteOrd[i] == byteOrd.length - i;
        }
        if (ascending || descending) {
            boolean big = descending && byteOrd.length > 1;
            if (kind == ColumnCodec.Kind.PERMUTED) {
                int[] sig = new int[width];
                for (int i = 0; i < width; i++) {
                    sig[i] = big ? width - 1 - i : i;
                }
                return new ColumnCodec(kind, offset, width, big, sig, type, mask, f32);
            }
            return new ColumnCodec(kind, offset, width, big, null, type, mask, f32);
        }
        if (byteOrd.length != width) {
            deferred(FcsIssueCode.UNSUPPORTED_DATA, "TEXT keyword $BYTEORD", "$BYTEORD=" + join(byteOrd)
                    + " is a mixed byte order of " + byteOrd.length + " bytes and cannot apply to " + width
                    + "-byte values");
            return new ColumnCodec(kind, offset, width, false, null, type, mask, f32);
        }
        int[] sig = new int[width];
        for (int i = 0; i < width; i++) {
            sig[i] = byteOrd[i] - 1;
        }
        return new ColumnCodec(ColumnCodec.Kind.PERMUTED, offset, width, false, sig, type, mask, f32);
    }

    private static String join(int[] a) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            s.append(i == 0 ? "" : ",").append(a[i]);
        }
        return s.toString();
    }

    private DataLayout layout(ColumnCodec[] codecs) {
        boolean free = false;
        boolean fixed = false;
        long record = 0;
        for (ColumnCodec c : codecs) {
            free |= c.kind() == ColumnCodec.Kind.ASCII_FREE;
            fixed |= c.kind() != ColumnCodec.Kind.ASCII_FREE;
            record += c.width();
        }
        if (free && fixed) {
            deferred(FcsIssueCode.UNSUPPORTED_DATA, "TEXT keywords $PnB", "ASCII data mixes free-format (*) and "
                    + "fixed-width parameters");
        }
        if (!free && record == 0) {
            deferred(FcsIssueCode.UNSUPPORTED_DATA, "TEXT keywords $PnB", "event records have no bytes");
        }
        int recordBytes = free ? 0 : (int) Math.min(record, Integer.MAX_VALUE);

        long[] seg = dataSegment();
        String totText = keywords.get("$TOT");
        long tot = Numbers.parseLong(totText);
        if (seg == null) {
            if (tot == 0) {
                return new DataLayout(base, base, 0, recordBytes, codecs, unreadable);
            }
            CytoException missing = log.fatal(FcsIssueCode.DATA_OFFSETS_MISSING, "HEADER bytes 26-41",
                    "neither the HEADER nor $BEGINDATA/$ENDDATA give the DATA offsets");
            return new DataLayout(base, base, 0, recordBytes, codecs, unreadable != null ? unreadable : missing);
        }
        long start = base + seg[0];
        long segLength = Math.max(0, seg[1] - seg[0] + 1);
        String at = "DATA " + seg[0] + ".." + seg[1];
        if (tot < 0) {
            if (totText != null) {
                log.report(FcsIssueCode.INVALID_KEYWORD, "TEXT keyword $TOT", "$TOT=\""
                        + TextParser.abbreviate(totText) + "\" is not a number; counting events from the DATA size");
            } else if (header.major() >= 3) {
                log.report(FcsIssueCode.TOT_MISSING, "TEXT keyword $TOT", "$TOT is missing; counting events from "
                        + "the DATA size");
            }
            if (free || recordBytes == 0) {
                CytoException e = log.fatal(FcsIssueCode.MISSING_KEYWORD, "TEXT keyword $TOT",
                        "$TOT is needed to read free-format ASCII data");
                return new DataLayout(start, start, 0, recordBytes, codecs, unreadable != null ? unreadable : e);
            }
            tot = segLength / recordBytes;
        }
        long events = tot;
        if (free) {
            // Each value needs at least one digit and one separator.
            long maxEvents = (segLength + 1) / 2 / codecs.length;
            if (tot > maxEvents) {
                log.report(FcsIssueCode.TOT_EXCEEDS_DATA, at, "$TOT=" + tot + " events of " + codecs.length
                        + " ASCII values cannot fit in " + segLength + " bytes; at most " + maxEvents + " are read");
                events = maxEvents;
            }
        } else if (recordBytes > 0) {
            long expected = tot > Long.MAX_VALUE / recordBytes ? Long.MAX_VALUE : tot * recordBytes;
            if (segLength == expected + 1) {
                log.report(FcsIssueCode.ENDDATA_OFF_BY_ONE, at, "the DATA segment is " + segLength + " bytes, one "
                        + "more than $TOT=" + tot + " x " + recordBytes + " bytes per event; the last byte is "
                        + "ignored");
            } else if (segLength > expected) {
                log.report(FcsIssueCode.DATA_LONGER_THAN_TOT, at, "the DATA segment is " + segLength + " bytes, "
                        + (segLength - expected) + " more than $TOT=" + tot + " x " + recordBytes
                        + " bytes per event; the extra bytes are ignored");
            } else if (segLength < expected) {
                events = segLength / recordBytes;
                log.report(FcsIssueCode.TOT_EXCEEDS_DATA, at, "$TOT=" + tot + " events of " + recordBytes
                        + " bytes do not fit in the " + segLength + "-byte DATA segment; reading " + events
                        + " events");
            }
        }
        long limit = start + segLength;
        if (events > 0 && start >= file.size()) {
            String msg = "the DATA segment starts at byte " + start + " but the file has only " + file.size()
                    + " bytes (truncated file?); keywords can be read, events cannot";
            log.report(FcsIssueCode.DATA_MISSING, at, msg, false);
            CytoException e = log.fatal(FcsIssueCode.DATA_MISSING, at, msg);
            return new DataLayout(start, start, 0, recordBytes, codecs, unreadable != null ? unreadable : e);
        }
        if (limit > file.size()) {
            limit = file.size();
            long fit = free ? events : (limit - start) / recordBytes;
            if (fit < events) {
                log.report(FcsIssueCode.DATA_TRUNCATED, at, "the file ends at byte " + file.size() + ", inside the "
                        + "DATA segment; " + fit + " of " + events + " events are complete");
                events = fit;
            }
        }
        long end = free ? limit : start + events * recordBytes;
        if (events > 0 && start < textEnd + 1 && end > textStart || events > 0 && start < base + FcsHeader.LENGTH
                && end > base) {
            log.report(FcsIssueCode.DATA_OVERLAPS_TEXT, at, "the DATA segment overlaps the HEADER or the TEXT "
                    + "segment (" + (textStart - base) + ".." + (textEnd - base) + ")");
        }
        return new DataLayout(start, limit, events, recordBytes, codecs, unreadable);
    }

    /** The DATA segment [first, last] relative to the data set, or null when unknown. */
    private long[] dataSegment() {
        long hb = header.dataStart();
        long he = header.dataEnd();
        String tbText = keywords.get("$BEGINDATA");
        String teText = keywords.get("$ENDDATA");
        long tb = Numbers.parseLong(tbText);
        long te = Numbers.parseLong(teText);
        boolean textGiven = tb >= 0 && te >= 0 && !(tb == 0 && te == 0);
        if ((tbText != null || teText != null) && !textGiven && !(tb == 0 && te == 0)) {
            log.report(FcsIssueCode.INVALID_KEYWORD, "TEXT keywords $BEGINDATA/$ENDDATA", "\"" + tbText + "\"/\""
                    + teText + "\" are not byte offsets; ignored");
        }
        // HEADER offsets are 0 (or blank) when they do not fit in 8 digits (FCS 3.0 section 3.1); an end of 0
        // with a start given is the same case for a segment that ends beyond 99,999,999.
        // Some writers put 99999999 (the largest 8-digit number) there instead; with TEXT offsets given, that is
        // the same "see TEXT" marker.
        boolean placeholder = textGiven && (hb == 99_999_999L || he == 99_999_999L);
        boolean headerGiven = !(hb == 0 && he == 0) && he != 0 && !placeholder;
        boolean headerValid = headerGiven && he >= hb - 1 && base + hb <= file.size();
        boolean textValid = textGiven && te >= tb - 1 && base + tb <= file.size();
        if (headerGiven && textGiven) {
            if (hb == tb && he == te) {
                return new long[] {hb, he};
            }
            boolean useText = header.major() >= 3 ? textValid || !headerValid : textValid && !headerValid;
            long[] used = useText ? new long[] {tb, te} : new long[] {hb, he};
            log.report(FcsIssueCode.HEADER_TEXT_OFFSET_MISMATCH, "HEADER bytes 26-41",
                    "HEADER says DATA is " + hb + ".." + he + ", $BEGINDATA/$ENDDATA say " + tb + ".." + te
                            + "; using " + (useText ? "the TEXT" : "the HEADER") + " values");
            return used;
        }
        if (headerGiven) {
            if (!headerValid && header.major() >= 3) {
                log.report(FcsIssueCode.HEADER_DATA_OFFSETS_INVALID, "HEADER bytes 26-41", "DATA offsets " + hb
                        + ".." + he + " are unusable and there is no $BEGINDATA/$ENDDATA");
            }
            return new long[] {hb, he};
        }
        if (textGiven) {
            return new long[] {tb, te};
        }
        return null;
    }

    private long[] analysis() {
        long hb = header.analysisStart();
        long he = header.analysisEnd();
        long tb = Numbers.parseLong(keywords.get("$BEGINANALYSIS"));
        long te = Numbers.parseLong(keywords.get("$ENDANALYSIS"));
        long b = hb;
        long e = he;
        if (tb > 0 && te > 0) {
            b = tb;
            e = te;
        }
        if (b == 0 && e == 0) {
            return new long[] {-1, -1};
        }
        if (e < b || base + e >= file.size() || b < FcsHeader.LENGTH) {
            log.report(FcsIssueCode.ANALYSIS_OFFSETS_INVALID, "ANALYSIS " + b + ".." + e, "the ANALYSIS segment is "
                    + "reversed, inside the HEADER or past the end of the " + file.size() + "-byte file; ignored");
            return new long[] {-1, -1};
        }
        return new long[] {base + b, base + e};
    }

    private long nextData() {
        String nd = keywords.get("$NEXTDATA");
        if (nd == null) {
            return -1;
        }
        long v = Numbers.parseLong(nd);
        if (v < 0) {
            log.report(FcsIssueCode.NEXTDATA_INVALID, "TEXT keyword $NEXTDATA", "$NEXTDATA=\""
                    + TextParser.abbreviate(nd) + "\" is not a byte offset; later data sets ignored");
            return -1;
        }
        if (v == 0) {
            return -1;
        }
        if (v > Long.MAX_VALUE - base) {
            return Long.MAX_VALUE;
        }
        return base + v;
    }

    /** Records a problem that makes the events unreadable; read() will throw it. Metadata stays available. */
    private void deferred(FcsIssueCode code, String location, String message) {
        log.report(code, location, message + "; events cannot be read", false);
        if (unreadable == null) {
            unreadable = log.fatal(code, location, message);
        }
    }

    IssueLog log() {
        return log;
    }
}
