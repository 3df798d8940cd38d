package org.cytoarrow.gating;

import java.util.List;
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

    static double[][] apply(SpilloverMatrix m, double[][] detectors, int n) {
        // TODO(merge transforms): org.cytoarrow.core.compensation.Compensator
        throw new UnsupportedOperationException("Compensation not available yet");
    }
}
