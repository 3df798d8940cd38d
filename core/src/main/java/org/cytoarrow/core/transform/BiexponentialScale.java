package org.cytoarrow.core.transform;

/**
 * The numerical core shared by {@link LogicleTransform} and {@link HyperlogTransform}.
 *
 * <p>Both Gating-ML 2.0 scales are defined as the root {@code y} of {@code F(y) = x}, where {@code F} is odd about
 * the scale point {@code x1} ({@code F(x1 - t) = -F(x1 + t)}) and, for {@code δ = y - x1 >= 0},
 * <pre>
 *   F(x1 + δ) = p·expm1(b·δ) − q·expm1(−d·δ) + r·δ
 * </pre>
 * Logicle is {@code r = 0}; hyperlog is {@code q = d = 0}. Writing F relative to x1 with {@code expm1} removes the
 * cancellation of the textbook form ({@code a·e^(by) − c·e^(−dy) − f}) near zero, so F is evaluated to a few ulps
 * everywhere and no separate Taylor series is needed near x1 (the role it plays in Moore &amp; Parks 2012).
 *
 * <p>The forward direction (data to scale) has no closed form. It uses a table of exact roots indexed by the
 * top bits of the data value's IEEE representation (exponent plus {@value #MANTISSA_BITS} mantissa bits, a
 * piecewise-linear log2), linear interpolation inside the bin, then one Halley step, which triples the number of
 * correct digits. The Halley step is taken relative to the bin's node δi, where {@code e^(b·δi)} and
 * {@code e^(−d·δi)} are tabulated: F(δi + h) needs only expm1 of the small {@code b·h} and {@code −d·h} (a bin
 * spans |b·h| <= 0.035 for M = 4.5 and any W, 0.09 for W = 5, M = 10), which a short polynomial gives to
 * full precision. So the hot path has no exp or log call and
 * no data-dependent branch (negative values are handled by copySign). Values outside the table (0, tiny, huge,
 * NaN, ±∞) take a slower iterated path. No allocation per value.
 */
final class BiexponentialScale {
    /** Scales already built, by transform kind and Gating-ML parameters (a table costs a few milliseconds). */
    private static final java.util.Map<java.util.List<Object>, BiexponentialScale> CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 256;
    /** Mantissa bits in the table index: 2^6 = 64 bins per octave. */
    static final int MANTISSA_BITS = 6;
    private static final int SHIFT = 52 - MANTISSA_BITS;
    /** Octaves tabulated above the top of scale T (data up to T·2^24 covers any instrument). */
    private static final int OCTAVES_ABOVE_TOP = 24;
    /** Cap on the table length in octaves; smaller values than the table covers are solved iteratively. */
    private static final int MAX_OCTAVES = 120;
    /** Doubles per table node: x_i, δ_i, slope to the next node, p·e^(b·δ_i), q·e^(−d·δ_i). */
    private static final int STRIDE = 5;

    private final double x1;
    private final double p;
    private final double b;
    private final double q;
    private final double d;
    private final double r;
    private final double slope0;

    private final long tableBase;
    private final int tableSize;
    private final double lowestNode;
    private final double highestNode;
    private final double[] table;
    /** Whether every bin keeps b·h within the polynomial's range; if not (extreme W, M) all values go the slow way. */
    private final boolean tableUsable;

    BiexponentialScale(double x1, double p, double b, double q, double d, double r, double top) {
        this.x1 = x1;
        this.p = p;
        this.b = b;
        this.q = q;
        this.d = d;
        this.r = r;
        this.slope0 = p * b + q * d + r;
        if (!(slope0 > 0) || !Double.isFinite(slope0)) {
            throw new IllegalArgumentException("Scale parameters give a non-increasing scale (slope " + slope0 + ")");
        }
        // Table range: from where b·δ is about 0.01 (below it the linear start is already close) up to T·2^24.
        int lowExponent = Math.getExponent(value(0.01 / b));
        int highExponent = Math.getExponent(top) + OCTAVES_ABOVE_TOP;
        lowExponent = Math.max(lowExponent, highExponent - MAX_OCTAVES);
        lowExponent = Math.max(lowExponent, Double.MIN_EXPONENT);
        highExponent = Math.min(highExponent, Double.MAX_EXPONENT - 1);
        this.tableBase = Double.doubleToRawLongBits(Math.scalb(1.0, lowExponent)) >>> SHIFT;
        long end = Double.doubleToRawLongBits(Math.scalb(1.0, highExponent)) >>> SHIFT;
        this.tableSize = (int) (end - tableBase);
        this.table = new double[(tableSize + 1) * STRIDE];
        double delta = 0;
        for (int i = 0; i <= tableSize; i++) {
            double x = Double.longBitsToDouble((tableBase + i) << SHIFT);
            delta = i == 0 ? solveExactly(x) : newtonFrom(delta, x);
            int k = i * STRIDE;
            table[k] = x;
            table[k + 1] = delta;
            table[k + 3] = p * Math.exp(b * delta);
            table[k + 4] = q * Math.exp(-d * delta);
        }
        for (int i = 0; i < tableSize; i++) {
            int k = i * STRIDE;
            table[k + 2] = (table[k + STRIDE + 1] - table[k + 1]) / (table[k + STRIDE] - table[k]);
        }
        this.lowestNode = table[0];
        this.highestNode = table[tableSize * STRIDE];
        this.tableUsable = maxBinSpan() <= 0.5;
    }

    /** The scale for these parameters: from the cache, or built and cached (bounded; cleared when full). */
    static BiexponentialScale cached(String kind, double t, double w, double m, double a,
                                     java.util.function.Supplier<BiexponentialScale> build) {
        java.util.List<Object> key = java.util.List.of(kind, t, w, m, a);
        BiexponentialScale scale = CACHE.get(key);
        if (scale == null) {
            scale = build.get();
            if (CACHE.size() >= CACHE_LIMIT) {
                CACHE.clear();
            }
            CACHE.putIfAbsent(key, scale);
        }
        return scale;
    }

    /**
     * The largest b·(δ_{i+1} − δ_i) over the table: the argument range {@link #series} must cover (exact to 4e-17
     * up to 0.2, 1e-12 at 0.5; beyond 0.5 the table is not used).
     */
    double maxBinSpan() {
        double max = 0;
        for (int i = 0; i < tableSize; i++) {
            max = Math.max(max, b * (table[(i + 1) * STRIDE + 1] - table[i * STRIDE + 1]));
        }
        return max;
    }

    /** F(y): the data value shown at scale position y (the inverse transform). Closed form. */
    double dataValue(double y) {
        double delta = y - x1;
        if (delta >= 0) {
            return value(delta);
        }
        if (delta < 0) {
            return -value(-delta);
        }
        return Double.NaN;
    }

    /** The scale position y with F(y) = x (the forward transform). */
    double scale(double x) {
        double ax = Math.abs(x);
        long index = (Double.doubleToRawLongBits(ax) >>> SHIFT) - tableBase;
        if (index >= 0 && index < tableSize && tableUsable) {
            int k = (int) index * STRIDE;
            double[] t = table;
            double dx = ax - t[k];
            double h = t[k + 2] * dx;
            double eb = series(b * h);
            double ed = series(-d * h);
            double pe = t[k + 3];
            double qe = t[k + 4];
            // F(δi + h) − x = (x_i − x) + p·e^(bδi)·expm1(bh) − q·e^(−dδi)·expm1(−dh) + r·h
            double f = pe * eb - qe * ed + r * h - dx;
            double pb = pe + pe * eb;
            double qd = qe + qe * ed;
            double f1 = b * pb + d * qd + r;
            double f2 = b * b * pb - d * d * qd;
            h -= 2 * f * f1 / (2 * f1 * f1 - f * f2);
            return x1 + Math.copySign(t[k + 1] + h, x);
        }
        return scaleOutsideTable(x);
    }

    /** Block form of {@link #scale(double)}. */
    void scale(double[] in, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = scale(in[i]);
        }
    }

    /**
     * expm1(z) for |z| <= 0.2 by its Taylor polynomial to z^11/11! (truncation below 0.2^11/12! = 4.3e-17 relative).
     */
    static double series(double z) {
        double s = 1.0 / 39916800.0;
        s = s * z + 1.0 / 3628800.0;
        s = s * z + 1.0 / 362880.0;
        s = s * z + 1.0 / 40320.0;
        s = s * z + 1.0 / 5040.0;
        s = s * z + 1.0 / 720.0;
        s = s * z + 1.0 / 120.0;
        s = s * z + 1.0 / 24.0;
        s = s * z + 1.0 / 6.0;
        s = s * z + 0.5;
        s = s * z + 1.0;
        return s * z;
    }

    private double scaleOutsideTable(double x) {
        if (x >= 0) {
            return x1 + solve(x);
        }
        if (x < 0) {
            return x1 - solve(-x);
        }
        return Double.NaN;
    }

    /** F(x1 + δ) for δ >= 0, to a few ulps ({@link Math#expm1} keeps precision near 0). */
    private double value(double delta) {
        return p * Math.expm1(b * delta) - q * Math.expm1(-d * delta) + r * delta;
    }

    private double derivative(double delta) {
        return p * b * Math.exp(b * delta) + q * d * Math.exp(-d * delta) + r;
    }

    /** δ >= 0 with F(x1 + δ) = x, x >= 0, outside the table (or for every x if the table is not usable). */
    private double solve(double x) {
        if (x == 0) {
            return 0;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        if (x >= highestNode) {
            // Far above the top of scale e^(bδ) may overflow: iterate p·e^(bδ) = x + p + q·expm1(−dδ) − rδ in
            // logs (a contraction: the right side barely depends on δ there).
            double lnP = Math.log(p);
            double delta = (Math.log(x) - lnP) / b;
            for (int k = 0; k < 100; k++) {
                double next = (Math.log(x + p + q * Math.expm1(-d * delta) - r * delta) - lnP) / b;
                if (next == delta) {
                    break;
                }
                delta = next;
            }
            return delta;
        }
        if (x < lowestNode) {
            // Newton from the linear start; F is convex on δ >= 0, so after the first step it converges from above.
            double delta = x / slope0;
            for (int k = 0; k < 100; k++) {
                double next = delta - (value(delta) - x) / derivative(delta);
                if (!(next < delta) || next <= 0) {
                    return next > 0 ? next : delta;
                }
                delta = next;
            }
            return delta;
        }
        return solveExactly(x);
    }

    /**
     * Newton from the previous node's root (F is increasing and convex on δ >= 0, so from below the first step
     * overshoots and the rest descend monotonically): three to five steps per node. Falls back to the bracketed
     * solver if it does not settle.
     */
    private double newtonFrom(double delta, double x) {
        for (int k = 0; k < 60; k++) {
            double eb = Math.expm1(b * delta);
            double ed = Math.expm1(-d * delta);
            double f = p * eb - q * ed + r * delta - x;
            double f1 = p * b * (1 + eb) + q * d * (1 + ed) + r;
            double next = delta - f / f1;
            if (Math.abs(next - delta) <= 2 * Math.ulp(next)) {
                return next;
            }
            delta = next;
        }
        return solveExactly(x);
    }

    /** Safeguarded Newton on a bracket; used to build the table. */
    private double solveExactly(double x) {
        if (x == 0) {
            return 0;
        }
        double lo = 0;
        double hi = 1 / b;
        while (value(hi) < x) {
            lo = hi;
            hi *= 2;
        }
        double delta = 0.5 * (lo + hi);
        for (int k = 0; k < 400 && hi - lo > 0; k++) {
            double f = value(delta) - x;
            if (f == 0) {
                return delta;
            }
            if (f < 0) {
                lo = delta;
            } else {
                hi = delta;
            }
            double next = delta - f / derivative(delta);
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (next == delta) {
                return next;
            }
            delta = next;
        }
        return delta;
    }
}
