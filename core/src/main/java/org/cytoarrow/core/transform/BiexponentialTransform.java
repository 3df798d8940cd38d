package org.cytoarrow.core.transform;

import java.util.Objects;

/**
 * What Gating-ML 2.0 {@code logicle} and {@code hyperlog} share: the parameters T, W, M, A and their ranges, and a
 * {@link BiexponentialScale} built from them that computes both directions. The subclasses supply the scale.
 *
 * <p>Parameters: {@code T > 0} top of scale; {@code M > 0} decades of the full logarithmic scale; {@code W <= M/2}
 * decades of the near-linear region ({@code W >= 0} for logicle, {@code W > 0} for hyperlog);
 * {@code −W <= A <= M − 2W} extra negative decades. Two transforms are equal when they are of the same class with
 * the same parameters, so a logicle never equals a hyperlog. Immutable and thread-safe.
 */
abstract sealed class BiexponentialTransform implements Transform permits LogicleTransform, HyperlogTransform {
    static final double LN10 = Math.log(10);

    /** Builds the scale of one kind from parameters already checked. */
    @FunctionalInterface
    interface ScaleBuilder {
        BiexponentialScale build(double t, double w, double m, double a);
    }

    private final String kind;
    private final double t;
    private final double w;
    private final double m;
    private final double a;
    private final BiexponentialScale scale;

    /**
     * Checks the parameters and takes their scale from the cache, or from {@code build}.
     *
     * @param kind             the Gating-ML name ({@code "logicle"}): the cache key, {@link #toString} and,
     *                         capitalised, the start of each message
     * @param zeroWidthAllowed whether W may be 0 (logicle) or must be positive (hyperlog)
     * @throws IllegalArgumentException naming the rule and the value when a parameter is out of range
     */
    BiexponentialTransform(String kind, boolean zeroWidthAllowed, double t, double w, double m, double a,
                           ScaleBuilder build) {
        if (!(t > 0) || !Double.isFinite(t)) {
            throw invalid(kind, "T must be > 0, was %s", t);
        }
        if (!(m > 0) || !Double.isFinite(m)) {
            throw invalid(kind, "M must be > 0, was %s", m);
        }
        boolean widthMeetsLowerBound = zeroWidthAllowed ? w >= 0 : w > 0;
        if (!(widthMeetsLowerBound && w <= m / 2)) {
            String range = zeroWidthAllowed ? "[0, M/2 = %s]" : "(0, M/2 = %s]";
            throw invalid(kind, "W must be in " + range + ", was %s", m / 2, w);
        }
        if (!(a >= -w && a <= m - 2 * w)) {
            throw invalid(kind, "A must be in [-W = %s, M - 2W = %s], was %s", -w, m - 2 * w, a);
        }
        this.kind = kind;
        this.t = t;
        this.w = w;
        this.m = m;
        this.a = a;
        this.scale = BiexponentialScale.cached(kind, t, w, m, a, () -> build.build(t, w, m, a));
    }

    private static IllegalArgumentException invalid(String kind, String rule, Object... values) {
        String name = Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
        return new IllegalArgumentException(name + " " + String.format(rule, values));
    }

    // The public methods are not final: javac then gives LogicleTransform and HyperlogTransform public bridge
    // methods, so reflection from other packages sees them as members of the public classes, as before this base.

    /** Gating-ML T: the data value mapped to 1. */
    public double t() {
        return t;
    }

    /** Gating-ML W: decades of the near-linear region. */
    public double w() {
        return w;
    }

    /** Gating-ML M: decades of the logarithmic scale. */
    public double m() {
        return m;
    }

    /** Gating-ML A: additional negative decades. */
    public double a() {
        return a;
    }

    @Override
    public double apply(double x) {
        return scale.scale(x);
    }

    @Override
    public double inverse(double y) {
        return scale.dataValue(y);
    }

    @Override
    public void apply(double[] in, double[] out, int n) {
        scale.scale(in, out, n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BiexponentialTransform other && other.getClass() == getClass()
                && Double.compare(other.t, t) == 0 && Double.compare(other.w, w) == 0
                && Double.compare(other.m, m) == 0 && Double.compare(other.a, a) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(t, w, m, a);
    }

    @Override
    public String toString() {
        return kind + "(T=" + t + ", W=" + w + ", M=" + m + ", A=" + a + ")";
    }
}
