package org.cytoarrow.fcs;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** TEXT keywords in file order, keys as written, looked up ignoring case. */
final class Keywords {
    private final LinkedHashMap<String, String> asWritten = new LinkedHashMap<>();
    private final HashMap<String, String> keyByUpper = new HashMap<>();

    /** Sets a keyword; returns the previous value of the same keyword (ignoring case), or null. */
    String put(String key, String value) {
        String upper = key.toUpperCase(Locale.ROOT);
        String existing = keyByUpper.get(upper);
        if (existing != null) {
            return asWritten.put(existing, value);
        }
        keyByUpper.put(upper, key);
        asWritten.put(key, value);
        return null;
    }

    /** The value of a keyword, ignoring case, or null. */
    String get(String key) {
        String k = keyByUpper.get(key.toUpperCase(Locale.ROOT));
        return k == null ? null : asWritten.get(k);
    }

    boolean contains(String key) {
        return keyByUpper.containsKey(key.toUpperCase(Locale.ROOT));
    }

    int size() {
        return asWritten.size();
    }

    Map<String, String> asMap() {
        return asWritten;
    }
}
