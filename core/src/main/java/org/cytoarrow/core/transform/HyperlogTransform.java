package org.cytoarrow.core.transform;

import java.util.Objects;

/**
 * Gating-ML 2.0 {@code hyperlog} (Bagwell 2005): linear near zero, logarithmic at the top, mapping data value
 * {@code T} to 1.
 *
 * <p>{@code hyperlog(x, T, W, M, A) = root(EH(y, T, W, M, A) − x)} with {@code EH(y) = a·e^(by) + c·y − f} for
 * {@code y >= x1}, reflected ({@code EH(y) = −EH(2·x1 − y)}) below, where {@code w = W/(M+A)},
 * {@code x2 = A/(M+A)}, {@code x1 = x2 + w}, {@code x0 = x2 + 2w}, {@code b = (M+A)·ln 10}, {@code e0 = e^(b·x0)},
 * {@code c_a = e0/w}, {@code f_a = e^(b·x1) + c_a·x1}, {@code a = T/(e^b + c_a − f_a)}, {@code c = c_a·a},
 * {@code f = f_a·a}.
 *
 * <p>Parameters: {@code T > 0}; {@code M > 0}; {@code 0 < W <= M/2}; {@code −W <= A <= M − 2W}.
 * {@link #apply} agrees with a 60-digit solution of the definition to 1e-13 relative; {@link #inverse} is the closed form EH.
 */
public final class HyperlogTransform implements Transform {
    private static final double LN10 = Math.log(10);

    private final double t;
    private final double w;
    private final double m;
    private final double a;
    private final BiexponentialScale scale;

    public HyperlogTransform(double t, double w, double m, double a) {
        if (!(t > 0) || !Double.isFinite(t)) {
            throw new IllegalArgumentException(String.format("Hyperlog T must be > 0, was %s", t));
        }
        if (!(m > 0) || !Double.isFinite(m)) {
            throw new IllegalArgumentException(String.format("Hyperlog M must be > 0, was %s", m));
        }
        if (!(w > 0 && w <= m / 2)) {
            throw new IllegalArgumentException(String.format("Hyperlog W must be in (0, M/2 = %s], was %s", m / 2, w));
        }
        if (!(a >= -w && a <= m - 2 * w)) {
            throw new IllegalArgumentException(
                    String.format("Hyperlog A must be in [-W = %s, M - 2W = %s], was %s", -w, m - 2 * w, a));
        }
        this.t = t;
        this.w = w;
        this.m = m;
        this.a = a;
        this.scale = BiexponentialScale.cached("hyperlog", t, w, m, a, () -> build(t, w, m, a));
    }

    private static BiexponentialScale build(double t, double w, double m, double a) {
        double width = w / (m + a);
        double x1 = a / (m + a) + width;
        double bb = (m + a) * LN10;
        // EH(x1 + δ) = p·expm1(bδ) + c·δ with p = a·e^(b·x1), c = c_a·a = p·e^(b·w)/w; p follows from EH(1) = T.
        double linear = Math.exp(bb * width) / width;
        double top = 1 - x1;
        double p = t / (Math.expm1(bb * top) + linear * top);
        return new BiexponentialScale(x1, p, bb, 0, 0, p * linear, t);
    }

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
        return o instanceof HyperlogTransform h && Double.compare(h.t, t) == 0 && Double.compare(h.w, w) == 0
                && Double.compare(h.m, m) == 0 && Double.compare(h.a, a) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(t, w, m, a);
    }

    @Override
    public String toString() {
        return "hyperlog(T=" + t + ", W=" + w + ", M=" + m + ", A=" + a + ")";
    }
}
