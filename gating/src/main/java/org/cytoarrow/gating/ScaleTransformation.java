package org.cytoarrow.gating;

import java.util.Objects;
import org.cytoarrow.core.transform.Transform;

/**
 * A one-dimensional Gating-ML 2.0 scale transformation with its parameters as written (T, W, M, A; unused ones
 * are NaN), so it can be written back exactly.
 *
 * @param id       transformation id
 * @param kind     which function
 * @param t        T (top of scale)
 * @param w        W (logicle/hyperlog width), NaN when unused
 * @param m        M (decades), NaN when unused
 * @param a        A (additional negative decades for logicle/hyperlog/fasinh; offset for flin), NaN when unused
 * @param boundMin lower bound of the result, -Infinity when absent
 * @param boundMax upper bound of the result, +Infinity when absent
 */
public record ScaleTransformation(String id, Kind kind, double t, double w, double m, double a,
                                  double boundMin, double boundMax) implements Transformation {

    public ScaleTransformation {
        Gate.requireId(id, "Transformation");
        Objects.requireNonNull(kind, "kind");
        Transformation.checkBounds(id, boundMin, boundMax);
        try {
            Transforms.of(kind, t, w, m, a); // the core transform validates T, W, M, A
        } catch (IllegalArgumentException | org.cytoarrow.core.CytoException e) {
            throw new IllegalArgumentException("Transformation " + id + ": " + e.getMessage(), e);
        }
    }

    /** flin(T, A). */
    public static ScaleTransformation linear(String id, double t, double a) {
        return new ScaleTransformation(id, Kind.FLIN, t, Double.NaN, Double.NaN, a,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** flog(T, M). */
    public static ScaleTransformation log(String id, double t, double m) {
        return new ScaleTransformation(id, Kind.FLOG, t, Double.NaN, m, Double.NaN,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** fasinh(T, M, A). */
    public static ScaleTransformation asinh(String id, double t, double m, double a) {
        return new ScaleTransformation(id, Kind.FASINH, t, Double.NaN, m, a,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** logicle(T, W, M, A). */
    public static ScaleTransformation logicle(String id, double t, double w, double m, double a) {
        return new ScaleTransformation(id, Kind.LOGICLE, t, w, m, a,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** hyperlog(T, W, M, A). */
    public static ScaleTransformation hyperlog(String id, double t, double w, double m, double a) {
        return new ScaleTransformation(id, Kind.HYPERLOG, t, w, m, a,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** A copy with other bounds. */
    public ScaleTransformation withBounds(double min, double max) {
        return new ScaleTransformation(id, kind, t, w, m, a, min, max);
    }

    /** The function itself (core implementation). */
    public Transform transform() {
        return Transforms.of(this);
    }

    /** Gating-ML 2.0 transformation element names. */
    public enum Kind {
        FLIN("flin"), FLOG("flog"), FASINH("fasinh"), LOGICLE("logicle"), HYPERLOG("hyperlog");

        private final String element;

        Kind(String element) {
            this.element = element;
        }

        /** The XML element name. */
        public String element() {
            return element;
        }
    }
}
