package org.cytoarrow.core.cohort;

import org.cytoarrow.core.CytoException;

/** Argument checks shared by the cohort tests; all failures are {@link CytoException}s with code INVALID_ARGUMENT. */
final class Checks {
    private Checks() {
    }

    static CytoException invalid(String message) {
        return new CytoException("INVALID_ARGUMENT", null, null, message);
    }

    static void finite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw invalid(what + "[" + i + "] is " + values[i] + "; drop missing values before testing");
            }
        }
    }

    static void atLeast(int n, int min, String what) {
        if (n < min) {
            throw invalid(what + " needs at least " + min + " values, got " + n);
        }
    }

    static void confidence(double level) {
        if (!(level > 0 && level < 1)) {
            throw invalid("Confidence level must be in (0, 1), was " + level);
        }
    }
}
