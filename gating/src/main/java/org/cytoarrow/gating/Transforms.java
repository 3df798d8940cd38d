package org.cytoarrow.gating;

import org.cytoarrow.core.transform.Transform;

/** Builds core transforms from Gating-ML parameters. */
final class Transforms {
    private Transforms() {
    }

    static Transform of(ScaleTransformation s) {
        // TODO(merge transforms): use org.cytoarrow.core.transform classes.
        throw new UnsupportedOperationException("Transform " + s.kind() + " not available yet");
    }

    static void ratio(RatioTransformation r, double[] x, double[] y, double[] out, int n) {
        double a = r.a();
        double b = r.b();
        double c = r.c();
        for (int i = 0; i < n; i++) {
            out[i] = a * (x[i] - b) / (y[i] - c);
        }
    }
}
