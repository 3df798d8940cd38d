package org.cytoarrow.core.transform;

import java.util.Objects;

/**
 * Gating-ML 2.0 {@code fratio} of two dimensions: {@code fratio(x, y, A, B, C) = A·(x − B) / (y − C)}.
 * Not a one-dimensional {@link Transform}. Where {@code y = C} the ratio is ±∞ (or NaN for 0/0), as in IEEE
 * arithmetic. Any finite A, B, C.
 */
public final class RatioTransform {
    private final double a;
    private final double b;
    private final double c;

    public RatioTransform(double a, double b, double c) {
        if (!Double.isFinite(a) || !Double.isFinite(b) || !Double.isFinite(c)) {
            throw new IllegalArgumentException(
                    String.format("fratio A, B, C must be finite, were %s, %s, %s", a, b, c));
        }
        this.a = a;
        this.b = b;
        this.c = c;
    }

    public double a() {
        return a;
    }

    public double b() {
        return b;
    }

    public double c() {
        return c;
    }

    /** The ratio of x (first dimension) and y (second dimension). */
    public double apply(double x, double y) {
        return a * (x - b) / (y - c);
    }

    /** Block form: {@code out[i] = apply(x[i], y[i])}; out may alias x or y. */
    public void apply(double[] x, double[] y, double[] out, int n) {
        double aa = a;
        double bb = b;
        double cc = c;
        for (int i = 0; i < n; i++) {
            out[i] = aa * (x[i] - bb) / (y[i] - cc);
        }
    }

    /** The first-dimension value x with {@code apply(x, y) == ratio}. */
    public double inverse(double ratio, double y) {
        return ratio * (y - c) / a + b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RatioTransform r && Double.compare(r.a, a) == 0 && Double.compare(r.b, b) == 0
                && Double.compare(r.c, c) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(a, b, c);
    }

    @Override
    public String toString() {
        return "fratio(A=" + a + ", B=" + b + ", C=" + c + ")";
    }
}
