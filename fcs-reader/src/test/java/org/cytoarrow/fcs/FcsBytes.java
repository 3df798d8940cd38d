package org.cytoarrow.fcs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds small FCS files byte by byte for tests, following FCS 3.1 section 3: 58-byte HEADER, TEXT at byte 58
 * (delimiter first, delimiters inside keywords/values doubled), DATA right after TEXT; $BEGINDATA, $ENDDATA and
 * $NEXTDATA are written zero-padded to 12 digits so their values do not change the TEXT length.
 */
final class FcsBytes {
    private FcsBytes() {
    }

    /** An ordered keyword map from alternating keys and values. */
    static LinkedHashMap<String, String> keywords(String... kv) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** One data set: HEADER + TEXT + DATA, with $NEXTDATA = {@code nextData} unless the keywords set it. */
    static byte[] dataset(String version, char delimiter, Map<String, String> keywords, byte[] data, long nextData) {
        LinkedHashMap<String, String> kw = new LinkedHashMap<>(keywords);
        kw.putIfAbsent("$BEGINDATA", pad(0, 12));
        kw.putIfAbsent("$ENDDATA", pad(0, 12));
        kw.putIfAbsent("$NEXTDATA", pad(nextData, 12));
        byte[] text = text(kw, delimiter);
        long textStart = 58;
        long textEnd = textStart + text.length - 1;
        long dataStart = data.length == 0 ? 0 : textEnd + 1;
        long dataEnd = data.length == 0 ? 0 : dataStart + data.length - 1;
        if (keywords.get("$BEGINDATA") == null) {
            kw.put("$BEGINDATA", pad(dataStart, 12));
            kw.put("$ENDDATA", pad(dataEnd, 12));
        }
        text = text(kw, delimiter);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(version, textStart, textEnd, dataStart, dataEnd));
        out.writeBytes(text);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** Several data sets chained by $NEXTDATA (relative to each data set's start). */
    static byte[] chain(String version, Map<String, String>[] keywords, byte[][] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < keywords.length; i++) {
            byte[] probe = dataset(version, '/', keywords[i], data[i], 0);
            long next = i == keywords.length - 1 ? 0 : probe.length;
            out.writeBytes(dataset(version, '/', keywords[i], data[i], next));
        }
        return out.toByteArray();
    }

    static byte[] header(String version, long... offsets) {
        StringBuilder h = new StringBuilder(version).append("    ");
        for (int i = 0; i < 6; i++) {
            h.append(pad8(i < offsets.length ? offsets[i] : 0));
        }
        return h.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static String pad8(long v) {
        String s = Long.toString(v);
        return v > 99_999_999 ? "       0" : " ".repeat(8 - s.length()) + s;
    }

    static String pad(long v, int width) {
        String s = Long.toString(v);
        return "0".repeat(Math.max(0, width - s.length())) + s;
    }

    static byte[] text(Map<String, String> keywords, char delimiter) {
        StringBuilder t = new StringBuilder().append(delimiter);
        String d = String.valueOf(delimiter);
        for (Map.Entry<String, String> e : keywords.entrySet()) {
            t.append(e.getKey().replace(d, d + d)).append(delimiter);
            t.append(e.getValue().replace(d, d + d)).append(delimiter);
        }
        return t.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A little- or big-endian byte buffer for DATA. */
    static ByteBuffer buffer(int bytes, ByteOrder order) {
        return ByteBuffer.allocate(bytes).order(order);
    }

    static Path write(Path dir, String name, byte[] bytes) {
        try {
            Path p = dir.resolve(name);
            Files.write(p, bytes);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Overwrites HEADER field {@code i} (0 = TEXT start ... 5 = ANALYSIS end) with 8 characters. */
    static byte[] patchHeader(byte[] file, int field, String eight) {
        byte[] b = file.clone();
        byte[] s = eight.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, b, 10 + 8 * field, 8);
        return b;
    }
}
