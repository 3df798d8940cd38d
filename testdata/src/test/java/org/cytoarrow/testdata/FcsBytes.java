package org.cytoarrow.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deliberately tiny, independent HEADER/TEXT parser for checking what {@link SyntheticFcs} wrote (not the
 * project's reader): FCS 3.0 section 2 HEADER fields and section 3 TEXT with doubled delimiters as escapes.
 */
final class FcsBytes {
    private FcsBytes() {
    }

    static byte[] read(Path file, long position, int length) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(length);
            while (b.hasRemaining()) {
                int n = ch.read(b, position + b.position());
                if (n < 0) {
                    throw new IllegalStateException("EOF at " + (position + b.position()));
                }
            }
            return b.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HEADER of the data set at {@code base}: version string and the six offsets. */
    record Header(String version, long[] offsets) {
    }

    static Header header(Path file, long base) {
        String h = new String(read(file, base, 58), StandardCharsets.US_ASCII);
        long[] o = new long[6];
        for (int i = 0; i < 6; i++) {
            o[i] = Long.parseLong(h.substring(10 + 8 * i, 18 + 8 * i).strip());
        }
        return new Header(h.substring(0, 6), o);
    }

    static Map<String, String> text(Path file, long base, long begin, long end) {
        return parseText(read(file, base + begin, (int) (end - begin + 1)));
    }

    static Map<String, String> parseText(byte[] text) {
        String s = new String(text, StandardCharsets.UTF_8);
        char d = s.charAt(0);
        Map<String, String> kw = new LinkedHashMap<>();
        StringBuilder token = new StringBuilder();
        String key = null;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != d) {
                token.append(c);
            } else if (i + 1 < s.length() && s.charAt(i + 1) == d) {
                token.append(d);
                i++;
            } else {
                if (key == null) {
                    key = token.toString();
                } else {
                    kw.put(key, token.toString());
                    key = null;
                }
                token.setLength(0);
            }
        }
        return kw;
    }
}
