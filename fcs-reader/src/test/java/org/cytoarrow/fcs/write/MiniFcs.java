package org.cytoarrow.fcs.write;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately tiny, independent FCS 3.1 list-mode reader for the writer tests (not the project's reader):
 * HEADER, primary TEXT with the doubled-delimiter escape, and F/D DATA in either byte order, following the FCS 3.1
 * spec sections 3.1-3.3 literally.
 */
final class MiniFcs {
    record Dataset(long start, String version, long[] headerOffsets, Map<String, String> text, double[][] columns) {
        String kw(String key) {
            return text.get(key);
        }
    }

    private MiniFcs() {
    }

    static List<Dataset> read(Path path) throws IOException {
        List<Dataset> out = new ArrayList<>();
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
            long start = 0;
            while (true) {
                Dataset d = readDataset(f, start);
                out.add(d);
                long next = Long.parseLong(d.kw("$NEXTDATA").strip());
                if (next == 0) {
                    return out;
                }
                start += next;
            }
        }
    }

    private static Dataset readDataset(RandomAccessFile f, long start) throws IOException {
        byte[] header = new byte[58];
        f.seek(start);
        f.readFully(header);
        String h = new String(header, StandardCharsets.US_ASCII);
        String version = h.substring(0, 6);
        if (!h.substring(6, 10).equals("    ")) {
            throw new IOException("HEADER bytes 6-9 must be spaces: '" + h.substring(6, 10) + "'");
        }
        long[] offsets = new long[6];
        for (int i = 0; i < 6; i++) {
            offsets[i] = Long.parseLong(h.substring(10 + 8 * i, 18 + 8 * i).strip());
        }
        byte[] textBytes = new byte[(int) (offsets[1] - offsets[0] + 1)];
        f.seek(start + offsets[0]);
        f.readFully(textBytes);
        Map<String, String> text = parseText(new String(textBytes, StandardCharsets.UTF_8));
        long begin = Long.parseLong(text.get("$BEGINDATA"));
        long end = Long.parseLong(text.get("$ENDDATA"));
        int par = Integer.parseInt(text.get("$PAR"));
        int tot = Integer.parseInt(text.get("$TOT"));
        String type = text.get("$DATATYPE");
        int width = type.equals("D") ? 8 : 4;
        long expected = (long) par * tot * width;
        if (tot > 0 && end - begin + 1 != expected) {
            throw new IOException("DATA " + begin + ".." + end + " is not " + expected + " bytes");
        }
        double[][] columns = new double[par][tot];
        if (expected <= 64L << 20) {
            byte[] data = new byte[(int) expected];
            f.seek(start + begin);
            f.readFully(data);
            ByteBuffer bb = ByteBuffer.wrap(data).order(text.get("$BYTEORD").equals("1,2,3,4")
                    ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            for (int r = 0; r < tot; r++) {
                for (int c = 0; c < par; c++) {
                    columns[c][r] = width == 8 ? bb.getDouble() : bb.getFloat();
                }
            }
        } else {
            columns = null; // large files: tests read single values with valueAt
        }
        return new Dataset(start, version, offsets, text, columns);
    }

    /** Reads the float32 little-endian value of (row, column) straight from the file. */
    static float valueAt(Path path, Dataset d, int row, int column) throws IOException {
        int par = Integer.parseInt(d.kw("$PAR"));
        long pos = d.start() + Long.parseLong(d.kw("$BEGINDATA")) + ((long) row * par + column) * 4;
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
            byte[] b = new byte[4];
            f.seek(pos);
            f.readFully(b);
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getFloat();
        }
    }

    /** FCS 3.1 section 3.2.1: first byte is the delimiter; a doubled delimiter inside a key or value is literal. */
    static Map<String, String> parseText(String s) {
        char d = s.charAt(0);
        Map<String, String> kw = new LinkedHashMap<>();
        List<String> tokens = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 1; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == d) {
                if (i + 1 < s.length() && s.charAt(i + 1) == d) {
                    cur.append(d);
                    i++;
                } else {
                    tokens.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(ch);
            }
        }
        if (cur.length() > 0 || tokens.size() % 2 != 0) {
            throw new IllegalArgumentException("TEXT does not end with a delimiter after a value");
        }
        for (int i = 0; i < tokens.size(); i += 2) {
            if (kw.put(tokens.get(i), tokens.get(i + 1)) != null) {
                throw new IllegalArgumentException("keyword " + tokens.get(i) + " twice");
            }
        }
        return kw;
    }
}
