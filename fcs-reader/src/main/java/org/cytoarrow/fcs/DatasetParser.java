package org.cytoarrow.fcs;

import java.util.List;
import java.util.Optional;
import org.cytoarrow.core.Channel;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.Sample;
import org.cytoarrow.core.Stringency;
import org.cytoarrow.core.compensation.SpilloverMatrix;

/**
 * Reads the HEADER and TEXT (primary and supplemental) of one data set and works out its channels and DATA
 * layout. Every offset and size is checked against the real file size before anything is allocated.
 */
final class DatasetParser {
    /**
     * Largest TEXT (or supplemental TEXT) segment read: 32 MiB. Real ones are below a few MB; the limit bounds the
     * heap a hostile TEXT can claim (keywords cost some 30 bytes of heap per TEXT byte in the worst case).
     */
    static final long MAX_TEXT_BYTES = 32L << 20;

    /** The parsed data set: its sample, DATA layout, and the absolute offset of the next data set (or -1). */
    record Parsed(Sample sample, String version, DataLayout layout, long next, long analysisStart, long analysisEnd) {
    }

    private final FileAccess file;
    private final long base;
    private final int index;
    private final IssueLog log;
    private FcsHeader header;
    private Keywords keywords;
    private long textStart;
    private long textEnd;

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
        ChannelParser.Result parsed = ChannelParser.parse(keywords, header, par, log);
        List<Channel> channels = parsed.channels();
        DataLayout layout = layout(parsed);
        long[] analysis = analysis();
        Optional<SpilloverMatrix> spillover = SpilloverParser.parse(keywords, channels, log);
        long next = nextData();
        Sample sample = new Sample(file.source(), index, keywords.asMap(), channels, layout.events(), spillover,
                log.issues());
        return new Parsed(sample, header.version(), layout, next, analysis[0], analysis[1]);
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
        long length = te - ts + 1;
        if (Math.min(length, file.size() - base - ts) > MAX_TEXT_BYTES) {
            throw log.fatal(FcsIssueCode.TEXT_TOO_LARGE, "HEADER bytes 10-25", "TEXT of " + length
                    + " bytes is larger than the " + MAX_TEXT_BYTES + " bytes this reader accepts");
        }
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

    // ---------------------------------------------------------------- parameters and DATA

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

    private DataLayout layout(ChannelParser.Result parsed) {
        ColumnCodec[] codecs = parsed.codecs();
        boolean free = false;
        boolean fixed = false;
        long record = 0;
        for (ColumnCodec c : codecs) {
            free |= c.kind() == ColumnCodec.Kind.ASCII_FREE;
            fixed |= c.kind() != ColumnCodec.Kind.ASCII_FREE;
            record += c.width();
        }
        if (free && fixed) {
            log.defer(FcsIssueCode.UNSUPPORTED_DATA, "TEXT keywords $PnB", "ASCII data mixes free-format (*) and "
                    + "fixed-width parameters");
        }
        if (!free && record == 0) {
            log.defer(FcsIssueCode.UNSUPPORTED_DATA, "TEXT keywords $PnB", "event records have no bytes");
            return new DataLayout(base, base, 0, 0, codecs, log.deferred());
        }
        int recordBytes = free ? 0 : (int) Math.min(record, Integer.MAX_VALUE);

        long[] seg = dataSegment();
        String totText = keywords.get("$TOT");
        long tot = Numbers.parseLong(totText);
        if (seg == null) {
            if (tot == 0) {
                return new DataLayout(base, base, 0, recordBytes, codecs, log.deferred());
            }
            CytoException missing = log.fatal(FcsIssueCode.DATA_OFFSETS_MISSING, "HEADER bytes 26-41",
                    "neither the HEADER nor $BEGINDATA/$ENDDATA give the DATA offsets");
            return new DataLayout(base, base, 0, recordBytes, codecs, firstOf(log.deferred(), missing));
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
                return new DataLayout(start, start, 0, recordBytes, codecs, firstOf(log.deferred(), e));
            }
            tot = segLength / recordBytes;
        }
        if (!parsed.padded().isEmpty() && !free) {
            CytoException packed = checkPadded(parsed, tot, recordBytes, segLength, at);
            if (packed != null) {
                return new DataLayout(start, start, 0, recordBytes, codecs, firstOf(log.deferred(), packed));
            }
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
            return new DataLayout(start, start, 0, recordBytes, codecs, firstOf(log.deferred(), e));
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
        return new DataLayout(start, limit, events, recordBytes, codecs, log.deferred());
    }

    /**
     * Integer $PnB keywords that are not whole bytes: FCS 3.0 allows packing such values tightly, but files seen
     * in practice (Beckman Coulter CXP: $PnB/10/) give the ADC's resolution and store whole bytes. The DATA
     * segment's size tells which: whole bytes are read (PNB_PADDED); for bit-packed values, whose bit order the
     * standard does not define, returns the UNSUPPORTED_DATA error to throw.
     */
    private CytoException checkPadded(ChannelParser.Result parsed, long tot, int recordBytes, long segLength,
            String at) {
        long bits = parsed.bitsPerEvent();
        if (tot > 0 && tot <= Long.MAX_VALUE / Math.max(bits, 1)) {
            long packedBytes = (tot * bits + 7) / 8;
            boolean paddedFits = tot <= segLength / recordBytes;
            if (!paddedFits && segLength >= packedBytes && segLength < packedBytes + 8) {
                return log.fatal(FcsIssueCode.UNSUPPORTED_DATA, at, parsed.padded() + " are not whole bytes, and"
                        + " the " + segLength + "-byte DATA segment holds $TOT=" + tot + " events of " + bits
                        + " bits packed tightly (not " + recordBytes + "-byte records); bit-packed values are not"
                        + " supported");
            }
        }
        log.report(FcsIssueCode.PNB_PADDED, "TEXT keywords $PnB", parsed.padded() + " are not whole bytes; each"
                + " value is read from its whole bytes (" + recordBytes + "-byte records, as Beckman Coulter CXP"
                + " writes them) and masked by $PnR");
        return null;
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

    private static CytoException firstOf(CytoException a, CytoException b) {
        return a != null ? a : b;
    }
}
