package org.cytoarrow.report;

/**
 * A closed axis range {@code [min, max]} in data units (the gate's transformed scale).
 *
 * @param min lower end, finite
 * @param max upper end, finite and greater than {@code min}
 */
public record Range(double min, double max) {
    public Range {
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(max > min)) {
            throw new IllegalArgumentException("Range needs finite min < max, was [" + min + ", " + max + "]");
        }
    }

    /** {@code max - min}. */
    public double span() {
        return max - min;
    }

    /**
     * The range covering the finite values of {@code values}, padded by 2% on each side; [0, 1] when there are
     * none, and a unit-wide range around a constant.
     */
    public static Range of(double[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return new Range(0, 1);
        }
        if (lo == hi) {
            return new Range(lo - 0.5, hi + 0.5);
        }
        double pad = (hi - lo) * 0.02;
        return new Range(lo - pad, hi + pad);
    }
}
