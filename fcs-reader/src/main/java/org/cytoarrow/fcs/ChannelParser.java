package org.cytoarrow.fcs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.ColumnStorage;

/**
 * Turns the $Pn keywords of one data set into {@link Channel}s and the codecs that decode their DATA values:
 * $DATATYPE / FCS 3.2 $PnDATATYPE, $PnB, $PnR (integer mask: smallest power of two &gt;= $PnR, minus one),
 * $PnE, $PnG, $TIMESTEP for the channel named Time, $BYTEORD and $MODE. Problems that make only the events
 * unreadable are deferred through {@link IssueLog#defer}, so the metadata stays usable.
 */
final class ChannelParser {
    private final Keywords keywords;
    private final FcsHeader header;
    private final IssueLog log;
    /** Integer $PnB keywords that are not whole bytes, as "$PnB=bits". */
    private final List<String> padded = new ArrayList<>();
    private long bitsPerEvent;

    /**
     * The channels in record order and one codec per channel.
     *
     * @param padded    the integer $PnB keywords that are not whole bytes ("$P1B=10, $P2B=10"; empty if none):
     *                  their values are read from whole bytes, which the DATA segment's size must confirm
     * @param bitsPerEvent the sum of every $PnB: the record's size if those values were bit-packed
     */
    record Result(List<Channel> channels, ColumnCodec[] codecs, String padded, long bitsPerEvent) {
    }

    private ChannelParser(Keywords keywords, FcsHeader header, IssueLog log) {
        this.keywords = keywords;
        this.header = header;
        this.log = log;
    }

    static Result parse(Keywords keywords, FcsHeader header, int par, IssueLog log) {
        List<Channel> channels = new ArrayList<>(par);
        ColumnCodec[] codecs = new ColumnCodec[par];
        ChannelParser parser = new ChannelParser(keywords, header, log);
        parser.buildChannels(par, channels, codecs);
        return new Result(channels, codecs, String.join(", ", parser.padded), parser.bitsPerEvent);
    }

    private char fileDataType() {
        String dt = keywords.get("$DATATYPE");
        if (dt == null) {
            log.defer(FcsIssueCode.MISSING_KEYWORD, "TEXT keyword $DATATYPE", "$DATATYPE is missing");
            return '?';
        }
        String t = dt.strip().toUpperCase(Locale.ROOT);
        if (t.equals("I") || t.equals("F") || t.equals("D") || t.equals("A")) {
            return t.charAt(0);
        }
        log.defer(FcsIssueCode.UNSUPPORTED_DATA, "TEXT keyword $DATATYPE", "$DATATYPE=\"" + dt
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
                    log.defer(FcsIssueCode.UNSUPPORTED_DATA, "TEXT keyword " + p + "DATATYPE", p + "DATATYPE=\""
                            + pdt + "\" is not I, F or D");
                    type = '?';
                }
            }
            double range = range(p);
            String pnb = keywords.get(p + "B");
            int bits = bits(p, pnb, type);
            bitsPerEvent += Math.max(bits, 0);
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
            log.defer(FcsIssueCode.UNSUPPORTED_DATA, "TEXT keyword $MODE", "$MODE=\"" + mode
                    + "\": only list mode (L) is supported (histogram modes C/U are deprecated since FCS 3.1)");
        }
    }

    /** $BYTEORD as 1-based significances per file position, or null when absent/invalid. */
    private int[] byteOrder() {
        String bo = keywords.get("$BYTEORD");
        if (bo == null) {
            return null;
        }
        String[] parts = bo.strip().split(","); // Numbers.parseLong strips the spaces around each
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
            log.defer(FcsIssueCode.MISSING_KEYWORD, "TEXT keyword " + p + "B", p + "B is missing");
            return -1;
        }
        if (pnb.strip().equals("*")) {
            if (type != 'A') {
                log.defer(FcsIssueCode.UNSUPPORTED_DATA, "TEXT keyword " + p + "B", p + "B=* (free format) needs "
                        + "$DATATYPE A");
                return -1;
            }
            return 0;
        }
        long b = Numbers.parseLong(pnb);
        if (b < 1 || b > 1024) {
            log.defer(FcsIssueCode.INVALID_KEYWORD, "TEXT keyword " + p + "B", p + "B=\""
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
                if (bits > 64) {
                    log.defer(FcsIssueCode.UNSUPPORTED_DATA, at, p + "B=" + bits + ": integer values wider than 64"
                            + " bits are not supported");
                    return new ColumnCodec(ColumnCodec.Kind.U8, offset, 8, false, null, 'I', 0, false);
                }
                // A width that is not whole bytes ($PnB/10/ from Beckman Coulter CXP) is read from the whole bytes
                // around it, masked by $PnR; DatasetParser checks the DATA size against that.
                int bytes = (bits + 7) / 8;
                if (bits % 8 != 0) {
                    padded.add(p + "B=" + bits);
                }
                long mask = mask(range, 8 * bytes);
                boolean f32 = 64 - Long.numberOfLeadingZeros(mask) <= 24;
                ColumnCodec.Kind kind = switch (bytes) {
                    case 1 -> ColumnCodec.Kind.U8;
                    case 2 -> ColumnCodec.Kind.U16;
                    case 3 -> ColumnCodec.Kind.U24;
                    case 4 -> ColumnCodec.Kind.U32;
                    case 8 -> ColumnCodec.Kind.U64;
                    default -> ColumnCodec.Kind.PERMUTED;
                };
                return ordered(kind, 'I', offset, bytes, byteOrd, mask, f32);
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
            log.defer(FcsIssueCode.UNSUPPORTED_DATA, "TEXT keyword $BYTEORD", "$BYTEORD=" + join(byteOrd)
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

}
