package org.cytoarrow.core.transform;

/**
 * Gating-ML 2.0 {@code logicle} (Parks, Roederer &amp; Moore 2006): a biexponential scale, linear near zero and
 * logarithmic at the top, mapping data value {@code T} to 1.
 *
 * <p>{@code logicle(x, T, W, M, A) = root(B(y, T, W, M, A) − x)} with
 * {@code B(y) = a·e^(by) − c·e^(−dy) − f} for {@code y >= x1}, reflected ({@code B(y) = −B(2·x1 − y)}) below, where
 * {@code w = W/(M+A)}, {@code x2 = A/(M+A)}, {@code x1 = x2 + w}, {@code x0 = x2 + 2w}, {@code b = (M+A)·ln 10},
 * {@code d} solves {@code 2(ln d − ln b) + w(b + d) = 0}, {@code c_a = e^(x0(b+d))},
 * {@code f_a = e^(b·x1) − c_a·e^(−d·x1)}, {@code a = T / (e^b − f_a − c_a·e^(−d))}, {@code c = c_a·a},
 * {@code f = f_a·a}.
 *
 * <p>Parameters: {@code T > 0} top of scale; {@code M > 0} decades of the full logarithmic scale;
 * {@code 0 <= W <= M/2} decades of the near-linear region; {@code −W <= A <= M − 2W} extra negative decades.
 * {@link #apply} agrees with a 60-digit solution of the definition to 1e-13 relative (a per-bin polynomial table; see
 * {@link BiexponentialScale}); {@link #inverse} is the closed form B.
 */
public final class LogicleTransform extends BiexponentialTransform {
    public LogicleTransform(double t, double w, double m, double a) {
        super("logicle", true, t, w, m, a, LogicleTransform::build);
    }

    private static BiexponentialScale build(double t, double w, double m, double a) {
        double width = w / (m + a);
        double x1 = a / (m + a) + width;
        double bb = (m + a) * LN10;
        double dd = width == 0 ? bb : solveD(bb, width);
        // B(x1 + δ) = p·expm1(bδ) − q·expm1(−dδ) with p = a·e^(b·x1), q = c·e^(−d·x1) = p·e^(w(b+d));
        // p follows from B(1) = T.
        double ratio = Math.exp(width * (bb + dd));
        double top = 1 - x1;
        double p = t / (Math.expm1(bb * top) - ratio * Math.expm1(-dd * top));
        return new BiexponentialScale(x1, p, bb, p * ratio, dd, 0, t);
    }

    /** The d with 2(ln d − ln b) + w(b + d) = 0, 0 < d < b (the left side increases with d). */
    private static double solveD(double b, double width) {
        double lo = 0;
        double hi = b;
        double d = b / 2;
        for (int k = 0; k < 200; k++) {
            double g = 2 * (Math.log(d) - Math.log(b)) + width * (b + d);
            if (g == 0) {
                return d;
            }
            if (g < 0) {
                lo = d;
            } else {
                hi = d;
            }
            double next = d - g / (2 / d + width);
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (next == d) {
                return d;
            }
            d = next;
        }
        return d;
    }
}
