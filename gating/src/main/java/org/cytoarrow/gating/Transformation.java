package org.cytoarrow.gating;

/**
 * A Gating-ML 2.0 {@code transformation}: either a one-dimensional scale ({@link ScaleTransformation}) referenced
 * by a dimension's {@code transformation-ref}, or a ratio of two channels ({@link RatioTransformation}) referenced
 * by a {@code new-dimension}.
 *
 * <p>{@code boundMin}/{@code boundMax} (Gating-ML 2.0 section 5.1): transformed values below {@code boundMin} are
 * replaced by {@code boundMin}, values above {@code boundMax} by {@code boundMax}; absent bounds are infinite.
 * NaN stays NaN.
 */
public sealed interface Transformation permits ScaleTransformation, RatioTransformation {

    /** The transformation id. */
    String id();

    /** Lower bound of the result (-Infinity when absent). */
    double boundMin();

    /** Upper bound of the result (+Infinity when absent). */
    double boundMax();

    /** Clamps block {@code v[0..n)} to the bounds in place. */
    default void clamp(double[] v, int n) {
        double lo = boundMin();
        double hi = boundMax();
        if (lo == Double.NEGATIVE_INFINITY && hi == Double.POSITIVE_INFINITY) {
            return;
        }
        for (int i = 0; i < n; i++) {
            double x = v[i];
            x = x < lo ? lo : x;
            v[i] = x > hi ? hi : x;
        }
    }

    /** Validates bounds (NaN not allowed, min <= max). */
    static void checkBounds(String id, double boundMin, double boundMax) {
        if (Double.isNaN(boundMin) || Double.isNaN(boundMax) || boundMin > boundMax) {
            throw new IllegalArgumentException("Transformation " + id + ": boundMin " + boundMin
                    + " / boundMax " + boundMax + " invalid");
        }
    }
}
