package org.cytoarrow.fcs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 4180 CSV rows as maps, and the simple JSON arrays MANIFEST.csv keeps in its cells. Test helper. */
final class ManifestCsv {
    private ManifestCsv() {
    }

    static List<Map<String, String>> parse(String text) {
        List<List<String>> records = records(text);
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> header = records.get(0);
        for (int r = 1; r < records.size(); r++) {
            List<String> rec = records.get(r);
            if (rec.size() == 1 && rec.get(0).isEmpty()) {
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), c < rec.size() ? rec.get(c) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    static List<List<String>> records(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    cell.append(ch);
                }
                i++;
                continue;
            }
            if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                rec.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                rec.add(cell.toString());
                cell.setLength(0);
                out.add(rec);
                rec = new ArrayList<>();
            } else {
                cell.append(ch);
            }
            i++;
        }
        if (cell.length() > 0 || !rec.isEmpty()) {
            rec.add(cell.toString());
            out.add(rec);
        }
        return out;
    }

    /** Parses a JSON value made of arrays, strings, numbers and null (what MANIFEST cells hold). */
    static Object json(String s) {
        int[] pos = {0};
        Object v = value(s, pos);
        skip(s, pos);
        if (pos[0] != s.length()) {
            throw new IllegalArgumentException("trailing characters in JSON: " + s);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    static List<Object> jsonArray(String s) {
        return (List<Object>) json(s);
    }

    private static void skip(String s, int[] pos) {
        while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
            pos[0]++;
        }
    }

    private static Object value(String s, int[] pos) {
        skip(s, pos);
        char ch = s.charAt(pos[0]);
        if (ch == '[') {
            pos[0]++;
            List<Object> list = new ArrayList<>();
            skip(s, pos);
            if (s.charAt(pos[0]) == ']') {
                pos[0]++;
                return list;
            }
            while (true) {
                list.add(value(s, pos));
                skip(s, pos);
                char c = s.charAt(pos[0]++);
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    throw new IllegalArgumentException("expected , or ] at " + pos[0] + " in " + s);
                }
            }
        }
        if (ch == '"') {
            StringBuilder b = new StringBuilder();
            pos[0]++;
            while (true) {
                char c = s.charAt(pos[0]++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(pos[0]++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(pos[0], pos[0] + 4), 16));
                            pos[0] += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }
        if (s.startsWith("null", pos[0])) {
            pos[0] += 4;
            return null;
        }
        int start = pos[0];
        while (pos[0] < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos[0])) >= 0) {
            pos[0]++;
        }
        if (start == pos[0]) {
            throw new IllegalArgumentException("unexpected character at " + start + " in " + s);
        }
        return Double.parseDouble(s.substring(start, pos[0]));
    }
}
