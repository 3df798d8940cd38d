package org.cytoarrow.core.transform;

import java.util.Objects;

/**
 * Gating-ML 2.0 {@code flog}: {@code flog(x, T, M) = (1/M)·log10(x/T) + 1}, mapping (0, T] to (−∞, 1] with M
 * decades in [0, 1]. Defined for x > 0 only: {@link #apply} returns NaN for {@code x <= 0} (an undefined value is
 * inside no gate). Parameters: {@code T > 0}, {@code M > 0}.
 */
public final class LogTransform implements Transform {
    private final double t;
    private final double m;

    public LogTransform(double t, double m) {
        if (!(t > 0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException(String.format("flog T must be > 0, was %s", t));
        }
        if (!(m > 0) || !Double.isFinite(m)) {
            throw new IllegalArgumentException(String.format("flog M must be > 0, was %s", m));
        }
        this.t = t;
        this.m = m;
    }

    /** Gating-ML T: the data value mapped to 1. */
    public double t() {
        return t;
    }

    /** Gating-ML M: decades mapped to [0, 1]. */
    public double m() {
        return m;
    }

    @Override
    public double apply(double x) {
        return x > 0 ? Math.log10(x / t) / m + 1 : Double.NaN;
    }

    @Override
    public double inverse(double y) {
        return t * Math.pow(10, (y - 1) * m);
    }

    /** Block form, bit-identical to {@link #apply(double)}. */
    @Override
    public void apply(double[] in, double[] out, int n) {
        double tt = t;
        double mm = m;
        for (int i = 0; i < n; i++) {
            double x = in[i];
            out[i] = x > 0 ? Math.log10(x / tt) / mm + 1 : Double.NaN;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogTransform l && Double.compare(l.t, t) == 0 && Double.compare(l.m, m) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(t, m);
    }

    @Override
    public String toString() {
        return "flog(T=" + t + ", M=" + m + ")";
    }
}
