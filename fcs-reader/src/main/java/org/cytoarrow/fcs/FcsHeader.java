package org.cytoarrow.fcs;

import java.nio.charset.StandardCharsets;

/**
 * The 58-byte HEADER of one data set: version and the byte offsets of TEXT, DATA and ANALYSIS (inclusive, relative
 * to the first byte of the data set; 0 when blank or zero, which FCS 3 allows for offsets beyond 99,999,999).
 */
record FcsHeader(String version, long textStart, long textEnd, long dataStart, long dataEnd,
                 long analysisStart, long analysisEnd) {

    static final int LENGTH = 58;

    /** The major version digit (2 or 3; unknown versions are read as 3). */
    int major() {
        return version.startsWith("FCS2") ? 2 : 3;
    }

    /** Whether the bytes start with "FCS" + digit + "." + digit. */
    static boolean looksLikeFcs(byte[] b, int length) {
        return length >= 6 && b[0] == 'F' && b[1] == 'C' && b[2] == 'S' && isDigit(b[3]) && b[4] == '.'
                && isDigit(b[5]);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Parses the HEADER bytes {@code b[0..length)} of the data set starting at absolute offset {@code start}. */
    static FcsHeader parse(byte[] b, int length, long start, IssueLog log) {
        String at = start == 0 ? "HEADER" : "HEADER at byte " + start;
        if (!looksLikeFcs(b, length)) {
            throw log.fatal(FcsIssueCode.NOT_FCS, at, "does not start with an FCS version such as \"FCS3.1\" (found \""
                    + printable(b, Math.min(length, 10)) + "\"); not an FCS file");
        }
        String version = new String(b, 0, 6, StandardCharsets.US_ASCII);
        if (length < LENGTH) {
            throw log.fatal(FcsIssueCode.HEADER_TRUNCATED, at, "the file ends after " + length
                    + " bytes of the 58-byte HEADER");
        }
        if (!version.equals("FCS2.0") && !version.equals("FCS3.0") && !version.equals("FCS3.1")
                && !version.equals("FCS3.2")) {
            log.report(FcsIssueCode.UNKNOWN_VERSION, at, "unknown version " + version + "; reading it as FCS 3.1");
        }
        long[] v = new long[6];
        String[] names = {"TEXT start", "TEXT end", "DATA start", "DATA end", "ANALYSIS start", "ANALYSIS end"};
        for (int i = 0; i < 6; i++) {
            int from = 10 + 8 * i;
            v[i] = field(b, from);
            if (v[i] < 0) {
                log.report(FcsIssueCode.HEADER_OFFSET_INVALID, at + " bytes " + from + "-" + (from + 7),
                        names[i] + " is \"" + printable(b, from, 8) + "\", not a number; treated as absent");
                v[i] = 0;
            }
        }
        return new FcsHeader(version, v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    /** An 8-character right-justified number: its value, 0 when blank, -1 when not a number. */
    private static long field(byte[] b, int from) {
        long value = 0;
        boolean digits = false;
        boolean ended = false;
        for (int i = from; i < from + 8; i++) {
            byte c = b[i];
            if (c == ' ' || c == 0) {
                if (digits) {
                    ended = true;
                }
                continue;
            }
            if (c < '0' || c > '9' || ended) {
                return -1;
            }
            digits = true;
            value = value * 10 + (c - '0');
        }
        return value;
    }

    static String printable(byte[] b, int length) {
        return printable(b, 0, length);
    }

    static String printable(byte[] b, int from, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < from + length && i < b.length; i++) {
            int c = b[i] & 0xFF;
            if (c >= 32 && c < 127) {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02X", c));
            }
        }
        return s.toString();
    }
}
