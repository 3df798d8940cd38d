package org.cytoarrow.core.transform;

import java.util.Objects;

/**
 * Gating-ML 2.0 {@code flin}: {@code flin(x, T, A) = (x + A) / (T + A)}, mapping [−A, T] to [0, 1] (defined for
 * all x). Parameters: {@code T > 0}, {@code 0 <= A <= T}.
 */
public final class LinearTransform implements Transform {
    private final double t;
    private final double a;

    public LinearTransform(double t, double a) {
        if (!(t > 0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException(String.format("flin T must be > 0, was %s", t));
        }
        if (!(a >= 0 && a <= t)) {
            throw new IllegalArgumentException(String.format("flin A must be in [0, T = %s], was %s", t, a));
        }
        this.t = t;
        this.a = a;
    }

    /** Gating-ML T: the data value mapped to 1. */
    public double t() {
        return t;
    }

    /** Gating-ML A: the data value −A is mapped to 0. */
    public double a() {
        return a;
    }

    @Override
    public double apply(double x) {
        return (x + a) / (t + a);
    }

    @Override
    public double inverse(double y) {
        return y * (t + a) - a;
    }

    /** Block form, bit-identical to {@link #apply(double)}. */
    @Override
    public void apply(double[] in, double[] out, int n) {
        double aa = a;
        double range = t + a;
        for (int i = 0; i < n; i++) {
            out[i] = (in[i] + aa) / range;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinearTransform l && Double.compare(l.t, t) == 0 && Double.compare(l.a, a) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(t, a);
    }

    @Override
    public String toString() {
        return "flin(T=" + t + ", A=" + a + ")";
    }
}
