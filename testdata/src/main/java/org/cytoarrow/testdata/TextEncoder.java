package org.cytoarrow.testdata;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes keyword/value pairs as an FCS TEXT segment: the delimiter, then {@code key DELIM value DELIM} for every
 * pair. A delimiter inside a key or value is escaped by doubling it (FCS 3.0 section 3.2.7). Empty values, and keys
 * or values starting with the delimiter, cannot be written: a doubled delimiter right after a separator would read as
 * an escaped one. Text is UTF-8 (ASCII for all FCS keywords).
 */
final class TextEncoder {
    private TextEncoder() {
    }

    static byte[] encode(Map<String, String> keywords, char delimiter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * keywords.size() + 1);
        out.write(delimiter);
        for (Map.Entry<String, String> e : keywords.entrySet()) {
            if (e.getKey().isEmpty() || e.getValue() == null || e.getValue().isEmpty()) {
                throw new IllegalArgumentException("Keyword '" + e.getKey() + "' must have a non-empty name and value,"
                        + " was '" + e.getValue() + "'");
            }
            if (e.getKey().charAt(0) == delimiter || e.getValue().charAt(0) == delimiter) {
                throw new IllegalArgumentException("Keyword '" + e.getKey() + "': a key or value cannot start with "
                        + "the delimiter (the doubled delimiter after the separator would be ambiguous)");
            }
            writeEscaped(out, e.getKey(), delimiter);
            out.write(delimiter);
            writeEscaped(out, e.getValue(), delimiter);
            out.write(delimiter);
        }
        return out.toByteArray();
    }

    private static void writeEscaped(ByteArrayOutputStream out, String s, char delimiter) {
        String d = String.valueOf(delimiter);
        byte[] bytes = s.replace(d, d + d).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }
}
