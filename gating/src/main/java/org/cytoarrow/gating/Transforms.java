package org.cytoarrow.gating;

import org.cytoarrow.core.transform.ArcsinhTransform;
import org.cytoarrow.core.transform.HyperlogTransform;
import org.cytoarrow.core.transform.LinearTransform;
import org.cytoarrow.core.transform.LogTransform;
import org.cytoarrow.core.transform.LogicleTransform;
import org.cytoarrow.core.transform.RatioTransform;
import org.cytoarrow.core.transform.Transform;

/** Builds core transforms from Gating-ML parameters. */
final class Transforms {
    private Transforms() {
    }

    static Transform of(ScaleTransformation s) {
        return of(s.kind(), s.t(), s.w(), s.m(), s.a());
    }

    static Transform of(ScaleTransformation.Kind kind, double t, double w, double m, double a) {
        return switch (kind) {
            case FLIN -> new LinearTransform(t, a);
            case FLOG -> new LogTransform(t, m);
            case FASINH -> new ArcsinhTransform(t, m, a);
            case LOGICLE -> new LogicleTransform(t, w, m, a);
            case HYPERLOG -> new HyperlogTransform(t, w, m, a);
        };
    }

    static void ratio(RatioTransformation r, double[] x, double[] y, double[] out, int n) {
        new RatioTransform(r.a(), r.b(), r.c()).apply(x, y, out, n);
    }
}
