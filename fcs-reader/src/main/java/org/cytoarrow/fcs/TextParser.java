package org.cytoarrow.fcs;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Splits a TEXT segment into keyword/value pairs.
 *
 * <p>The first byte is the delimiter (any byte value). Two readings of a doubled delimiter exist (see
 * testdata/README "TEXT parsing"): the FCS 3 escape rule (a doubled delimiter is one literal delimiter inside a
 * keyword or value) and the FCS 2.0 practice of writing an empty value as two adjacent delimiters. The escape rule
 * is used, unless it leaves a required keyword missing that the empty-value rule finds; then the empty-value rule
 * is used and {@link FcsIssueCode#EMPTY_VALUE_RULE} recorded.
 *
 * <p>Tokens are decoded as UTF-8; a token that is not valid UTF-8 is decoded as ISO-8859-1
 * ({@link FcsIssueCode#NON_UTF8_TEXT}).
 */
final class TextParser {
    private TextParser() {
    }

    /** Keyword/value pairs as split from the bytes, before duplicate handling. */
    record Split(List<String[]> pairs, String leftover, boolean leftoverIsValue, boolean padding,
                 boolean nonUtf8, String danglingKeyword, int emptyKeywords) {
    }

    /**
     * Parses {@code seg[0..length)} into keywords, recording issues on {@code log}; {@code segment} names it in
     * messages ("TEXT", "supplemental TEXT").
     */
    static Keywords parse(byte[] seg, int length, String segment, IssueLog log) {
        if (length < 2) {
            return new Keywords();
        }
        byte delimiter = seg[0];
        Split escaped = split(seg, length, delimiter, false);
        Split chosen = escaped;
        if (hasDoubledDelimiter(seg, length, delimiter)) {
            int missingEscaped = missingRequired(escaped.pairs());
            if (missingEscaped > 0) {
                Split empty = split(seg, length, delimiter, true);
                int missingEmpty = missingRequired(empty.pairs());
                if (missingEmpty < missingEscaped) {
                    chosen = empty;
                    log.report(FcsIssueCode.EMPTY_VALUE_RULE, segment,
                            "doubled delimiters read as empty values: the FCS 3 escape rule leaves "
                                    + missingEscaped + " required keyword(s) missing, the empty-value rule "
                                    + missingEmpty);
                }
            }
        }
        if (chosen.nonUtf8()) {
            log.report(FcsIssueCode.NON_UTF8_TEXT, segment, "bytes that are not valid UTF-8; those values were "
                    + "decoded as ISO-8859-1");
        }
        List<String[]> pairs = new ArrayList<>(chosen.pairs());
        if (chosen.leftover() != null) {
            if (chosen.leftoverIsValue()) {
                log.report(FcsIssueCode.TEXT_MISSING_FINAL_DELIMITER, segment + " keyword " + chosen.danglingKeyword(),
                        "the last value is not followed by the delimiter; kept \"" + abbreviate(chosen.leftover())
                                + "\"");
                pairs.add(new String[] {chosen.danglingKeyword(), chosen.leftover()});
            } else {
                log.report(FcsIssueCode.TEXT_TRAILING_GARBAGE, segment,
                        "\"" + abbreviate(chosen.leftover()) + "\" after the last delimiter is not a keyword/value "
                                + "pair; ignored");
            }
        } else if (chosen.danglingKeyword() != null) {
            log.report(FcsIssueCode.TEXT_TRAILING_GARBAGE, segment + " keyword " + chosen.danglingKeyword(),
                    "keyword without a value at the end of the segment; ignored");
        } else if (chosen.padding()) {
            log.report(FcsIssueCode.TEXT_TRAILING_PADDING, segment, "padding after the last delimiter; ignored");
        }
        if (chosen.emptyKeywords() > 0) {
            log.report(FcsIssueCode.EMPTY_KEYWORD, segment, chosen.emptyKeywords() + " keyword(s) of zero length; "
                    + "their values were skipped");
        }
        Keywords keywords = new Keywords();
        for (String[] p : pairs) {
            String key = p[0];
            String previous = keywords.put(key, p[1]);
            if (previous != null) {
                log.report(FcsIssueCode.DUPLICATE_KEYWORD, segment + " keyword " + key, "appears twice (\""
                        + abbreviate(previous) + "\", then \"" + abbreviate(p[1]) + "\"); the last value is kept");
            }
        }
        return keywords;
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static boolean hasDoubledDelimiter(byte[] seg, int length, byte delimiter) {
        for (int i = 1; i + 1 < length; i++) {
            if (seg[i] == delimiter && seg[i + 1] == delimiter) {
                return true;
            }
        }
        return false;
    }

    /** Splits with the escape rule ({@code emptyValues} false) or the empty-value rule. */
    static Split split(byte[] seg, int length, byte delimiter, boolean emptyValues) {
        List<String[]> pairs = new ArrayList<>();
        int emptyKeywords = 0;
        String pendingKey = null;
        byte[] buf = new byte[64];
        int n = 0;
        boolean[] nonUtf8 = new boolean[1];
        // A doubled delimiter followed only by padding ends the last keyword with an empty value: data1.fcs ends
        // with backslash, "&13Analysis Doc.", two backslashes and spaces. No escaped delimiter can end a segment.
        int lastContent = length - 1;
        while (lastContent > 0 && isPad(seg[lastContent]) && seg[lastContent] != delimiter) {
            lastContent--;
        }
        int i = 1;
        while (i < length) {
            byte b = seg[i];
            if (b == delimiter) {
                if (!emptyValues && i + 1 < length && seg[i + 1] == delimiter && i + 1 != lastContent) {
                    if (n == buf.length) {
                        buf = Arrays.copyOf(buf, n * 2);
                    }
                    buf[n++] = b;
                    i += 2;
                    continue;
                }
                String token = decode(buf, n, nonUtf8);
                if (pendingKey == null) {
                    pendingKey = token.strip();
                } else {
                    if (pendingKey.isEmpty()) {
                        emptyKeywords++;
                    } else {
                        pairs.add(new String[] {pendingKey, token});
                    }
                    pendingKey = null;
                }
                n = 0;
                i++;
                continue;
            }
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = b;
            i++;
        }
        String leftover = null;
        boolean padding = false;
        if (n > 0) {
            if (isPadding(buf, n)) {
                padding = true;
            } else {
                leftover = decode(buf, n, nonUtf8);
            }
        }
        if (leftover != null && pendingKey == null) {
            // A keyword with no value after it: garbage, reported by the caller.
            return new Split(pairs, leftover, false, false, nonUtf8[0], null, emptyKeywords);
        }
        return new Split(pairs, leftover, leftover != null, padding, nonUtf8[0], pendingKey, emptyKeywords);
    }

    private static boolean isPadding(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (!isPad(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPad(byte b) {
        return b == ' ' || b == 0 || b == '\r' || b == '\n' || b == '\t';
    }

    private static String decode(byte[] b, int n, boolean[] nonUtf8) {
        if (n == 0) {
            return "";
        }
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            if (b[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(b, 0, n, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, 0, n)).toString();
        } catch (CharacterCodingException e) {
            nonUtf8[0] = true;
            return new String(b, 0, n, StandardCharsets.ISO_8859_1);
        }
    }

    /** How many required keywords ($PAR, $DATATYPE, $BYTEORD and $PnB/$PnN/$PnR) are absent. */
    static int missingRequired(List<String[]> pairs) {
        Keywords k = new Keywords();
        for (String[] p : pairs) {
            k.put(p[0], p[1]);
        }
        int missing = 0;
        for (String key : new String[] {"$DATATYPE", "$BYTEORD"}) {
            if (k.get(key) == null) {
                missing++;
            }
        }
        String par = k.get("$PAR");
        long n = par == null ? -1 : Numbers.parseLong(par);
        if (n < 1) {
            return missing + 1000;
        }
        n = Math.min(n, pairs.size());
        for (int i = 1; i <= n; i++) {
            for (String suffix : new String[] {"N", "B", "R"}) {
                if (k.get("$P" + i + suffix) == null) {
                    missing++;
                }
            }
        }
        return missing;
    }

    static String upper(String key) {
        return key.toUpperCase(Locale.ROOT);
    }
}
