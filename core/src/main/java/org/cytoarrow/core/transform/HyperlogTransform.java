package org.cytoarrow.core.transform;

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
 * {@link #apply} agrees with a 60-digit solution of the definition to 1e-13 relative; {@link #inverse} is the closed
 * form EH.
 */
public final class HyperlogTransform extends BiexponentialTransform {
    public HyperlogTransform(double t, double w, double m, double a) {
        super("hyperlog", false, t, w, m, a, HyperlogTransform::build);
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
}
