package org.cytoarrow.fcs;

/** Lenient parsing of numeric keyword values: surrounding spaces and zero padding are accepted. */
final class Numbers {
    private Numbers() {
    }

    /** A non-negative integer, or -1 when the value is absent, blank or not a non-negative integer. */
    static long parseLong(String s) {
        if (s == null) {
            return -1;
        }
        String t = s.strip();
        if (t.isEmpty() || t.length() > 18) {
            return t.length() > 18 && t.chars().allMatch(Character::isDigit) ? Long.MAX_VALUE : -1;
        }
        long v = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '+' && i == 0 && t.length() > 1) {
                continue;
            }
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A decimal number, or NaN when absent, blank or not a number. Accepts "1e6", rejects "NaN"/"Infinity". */
    static double parseDouble(String s) {
        if (s == null) {
            return Double.NaN;
        }
        String t = s.strip();
        if (t.isEmpty() || t.length() > 64) {
            return Double.NaN;
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
