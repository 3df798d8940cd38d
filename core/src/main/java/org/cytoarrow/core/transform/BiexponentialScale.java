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
 * piecewise-linear log2), linear interpolation inside the bin (relative error about 1e-5), then one Halley step,
 * which triples the number of correct digits. Values outside the table fall back to an iterated Halley solve.
 * No allocation per value.
 */
final class BiexponentialScale {
    /** Mantissa bits in the table index: 2^5 = 32 bins per octave. */
    static final int MANTISSA_BITS = 5;
    private static final int SHIFT = 52 - MANTISSA_BITS;
    /** Octaves tabulated above the top of scale T (data up to T·2^40 covers any instrument). */
    private static final int OCTAVES_ABOVE_TOP = 40;
    /** Cap on the table length (entries); smaller values than the table covers are solved iteratively. */
    private static final int MAX_OCTAVES = 160;
    /** Below this b·δ the series form of expm1 is used (also where δ is solved from the linear start). */
    private static final double SERIES_LIMIT = 0.5;

    private final double x1;
    private final double p;
    private final double b;
    private final double q;
    private final double d;
    private final double r;
    private final double slope0;

    private final long tableBase;
    private final int tableSize;
    /** δ at the table nodes. */
    private final double[] nodeDelta;
    /** Data value at the table nodes. */
    private final double[] nodeX;
    /** Slope dδ/dx from node i to node i+1. */
    private final double[] nodeSlope;

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
        // Table range: from where b·δ is about 0.01 (below it the linear start is already close) up to T·2^40.
        double lowDelta = 0.01 / b;
        double low = exactValue(lowDelta);
        int lowExponent = Math.getExponent(low);
        int highExponent = Math.getExponent(top) + OCTAVES_ABOVE_TOP;
        lowExponent = Math.max(lowExponent, highExponent - MAX_OCTAVES);
        lowExponent = Math.max(lowExponent, Double.MIN_EXPONENT);
        highExponent = Math.min(highExponent, Double.MAX_EXPONENT - 1);
        this.tableBase = Double.doubleToRawLongBits(Math.scalb(1.0, lowExponent)) >>> SHIFT;
        long end = Double.doubleToRawLongBits(Math.scalb(1.0, highExponent)) >>> SHIFT;
        this.tableSize = (int) (end - tableBase);
        this.nodeDelta = new double[tableSize + 1];
        this.nodeX = new double[tableSize + 1];
        this.nodeSlope = new double[tableSize];
        for (int i = 0; i <= tableSize; i++) {
            double x = Double.longBitsToDouble((tableBase + i) << SHIFT);
            nodeX[i] = x;
            nodeDelta[i] = solveExactly(x);
        }
        for (int i = 0; i < tableSize; i++) {
            nodeSlope[i] = (nodeDelta[i + 1] - nodeDelta[i]) / (nodeX[i + 1] - nodeX[i]);
        }
    }

    /** The scale point of data value 0. */
    double x1() {
        return x1;
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
        if (x >= 0) {
            return x1 + solve(x);
        }
        if (x < 0) {
            return x1 - solve(-x);
        }
        return Double.NaN;
    }

    /** Block form of {@link #scale(double)}. */
    void scale(double[] in, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = scale(in[i]);
        }
    }

    /** F(x1 + δ) for δ >= 0. */
    private double value(double delta) {
        double bd = b * delta;
        return p * expm1(bd) - q * expm1(-d * delta) + r * delta;
    }

    /** δ >= 0 with F(x1 + δ) = x, for x >= 0. */
    private double solve(double x) {
        long index = (Double.doubleToRawLongBits(x) >>> SHIFT) - tableBase;
        if (index >= 0 && index < tableSize) {
            int i = (int) index;
            double delta = nodeDelta[i] + nodeSlope[i] * (x - nodeX[i]);
            return halley(delta, x);
        }
        return solveOutsideTable(x);
    }

    /** One Halley step for F(x1 + δ) = x from δ. */
    private double halley(double delta, double x) {
        double eb = expm1(b * delta);
        double ed = expm1(-d * delta);
        double f = p * eb - q * ed + r * delta - x;
        double pe = p * (1 + eb);
        double qe = q * (1 + ed);
        double f1 = b * pe + d * qe + r;
        double f2 = b * b * pe - d * d * qe;
        return delta - 2 * f * f1 / (2 * f1 * f1 - f * f2);
    }

    private double solveOutsideTable(double x) {
        if (x == 0) {
            return 0;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        if (x >= nodeX[tableSize]) {
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
        double delta = x / slope0;
        for (int k = 0; k < 100; k++) {
            double next = Math.max(0, halley(delta, x));
            if (Math.abs(next - delta) <= 1e-15 * next || next == delta) {
                return next;
            }
            delta = next;
        }
        return delta;
    }

    /**
     * expm1 accurate to a few ulps: Taylor series (Horner, 15 terms, truncation below 5e-17 relative) for
     * |z| < 0.5, where exp(z) - 1 would cancel; exp(z) - 1 otherwise. Cheaper than {@link Math#expm1}, which
     * is not a JIT intrinsic.
     */
    static double expm1(double z) {
        if (Math.abs(z) < SERIES_LIMIT) {
            double s = 1.0 / 1307674368000.0; // 1/15!
            s = s * z + 1.0 / 87178291200.0;
            s = s * z + 1.0 / 6227020800.0;
            s = s * z + 1.0 / 479001600.0;
            s = s * z + 1.0 / 39916800.0;
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
        return Math.exp(z) - 1;
    }

    /** F(x1 + δ) with {@link Math#expm1}; for table construction. */
    private double exactValue(double delta) {
        return p * Math.expm1(b * delta) - q * Math.expm1(-d * delta) + r * delta;
    }

    private double exactDerivative(double delta) {
        return p * b * Math.exp(b * delta) + q * d * Math.exp(-d * delta) + r;
    }

    /** Safeguarded Newton on a bracket; used to build the table. */
    private double solveExactly(double x) {
        if (x == 0) {
            return 0;
        }
        double lo = 0;
        double hi = 1 / b;
        while (exactValue(hi) < x) {
            lo = hi;
            hi *= 2;
        }
        double delta = 0.5 * (lo + hi);
        for (int k = 0; k < 400 && hi - lo > 0; k++) {
            double f = exactValue(delta) - x;
            if (f == 0) {
                return delta;
            }
            if (f < 0) {
                lo = delta;
            } else {
                hi = delta;
            }
            double next = delta - f / exactDerivative(delta);
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - delta) <= 1e-17 * delta) {
                return next;
            }
            delta = next;
        }
        return delta;
    }
}
