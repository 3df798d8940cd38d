package org.cytoarrow.core.transform;

import java.util.Objects;

/**
 * Gating-ML 2.0 {@code fasinh}:
 * {@code fasinh(x, T, M, A) = (asinh(x·sinh(M·ln 10)/T) + A·ln 10) / ((M + A)·ln 10)}, mapping T to 1 and −T·10^(−A)
 * roughly to 0. Parameters: {@code T > 0}, {@code M > 0}, {@code 0 <= A <= M}.
 */
public final class ArcsinhTransform implements Transform {
    private static final double LN10 = Math.log(10);

    private final double t;
    private final double m;
    private final double a;
    /** sinh(M ln 10)/T. */
    private final double gain;
    private final double offset;
    private final double invRange;

    public ArcsinhTransform(double t, double m, double a) {
        if (!(t > 0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException(String.format("fasinh T must be > 0, was %s", t));
        }
        if (!(m > 0) || !Double.isFinite(m)) {
            throw new IllegalArgumentException(String.format("fasinh M must be > 0, was %s", m));
        }
        if (!(a >= 0 && a <= m)) {
            throw new IllegalArgumentException(String.format("fasinh A must be in [0, M = %s], was %s", m, a));
        }
        this.t = t;
        this.m = m;
        this.a = a;
        this.gain = Math.sinh(m * LN10) / t;
        this.offset = a * LN10;
        this.invRange = 1 / ((m + a) * LN10);
    }

    /** Gating-ML T: the data value mapped to 1. */
    public double t() {
        return t;
    }

    /** Gating-ML M: decades of the logarithmic part. */
    public double m() {
        return m;
    }

    /** Gating-ML A: additional negative decades. */
    public double a() {
        return a;
    }

    @Override
    public double apply(double x) {
        return (asinh(x * gain) + offset) * invRange;
    }

    @Override
    public double inverse(double y) {
        return Math.sinh(y / invRange - offset) / gain;
    }

    /** Block form, bit-identical to {@link #apply(double)}. */
    @Override
    public void apply(double[] in, double[] out, int n) {
        double g = gain;
        double o = offset;
        double s = invRange;
        for (int i = 0; i < n; i++) {
            out[i] = (asinh(in[i] * g) + o) * s;
        }
    }

    /**
     * asinh to a few ulps: log1p form for |z| < 0.5 (no cancellation), ln(2|z|) beyond 2^28, else ln(|z| + √(z²+1)).
     */
    static double asinh(double z) {
        double u = Math.abs(z);
        double r;
        if (u < 0.5) {
            r = Math.log1p(u + u * u / (1 + Math.sqrt(1 + u * u)));
        } else if (u < 0x1p28) {
            r = Math.log(u + Math.sqrt(u * u + 1));
        } else {
            r = Math.log(u) + Math.log(2);
        }
        return Math.copySign(r, z);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArcsinhTransform h && Double.compare(h.t, t) == 0 && Double.compare(h.m, m) == 0
                && Double.compare(h.a, a) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(t, m, a);
    }

    @Override
    public String toString() {
        return "fasinh(T=" + t + ", M=" + m + ", A=" + a + ")";
    }
}
