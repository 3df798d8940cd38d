package org.cytoarrow.gating;

import java.util.List;
import org.cytoarrow.core.compensation.Compensator;
import org.cytoarrow.core.compensation.SpilloverMatrix;

/** Bridges to the core compensator. */
final class Compensation {
    private Compensation() {
    }

    static List<String> outputs(SpilloverMatrix m) {
        return m.fluorochromes();
    }

    static List<String> inputs(SpilloverMatrix m) {
        return m.detectors();
    }

    /** The core compensator for the matrix (K computed once). */
    static Compensator compensator(SpilloverMatrix m) {
        return Compensator.of(m);
    }

    /** One output column per fluorochrome. */
    static double[][] apply(SpilloverMatrix m, double[][] detectors, int n) {
        Compensator c = Compensator.of(m);
        double[][] out = new double[c.outputs().size()][n];
        c.apply(detectors, out, n);
        return out;
    }
}
