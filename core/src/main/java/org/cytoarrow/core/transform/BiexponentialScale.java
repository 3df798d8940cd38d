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
 * <p>The forward direction (data to scale) has no closed form. Its root δ(|x|) is smooth in |x| and, over any
 * interval {@code [x, x·(1 + 1/32)]}, close to a low-degree polynomial: δ behaves like {@code ln(x)/b} above the
 * linear region and like {@code x/F'(0)} inside it, and a degree-{@value #DEGREE} Chebyshev interpolant of
 * {@code ln(x)} over such an interval is exact to about 1e-16. So the data range is cut into bins indexed by the top
 * bits of the IEEE representation of |x| (exponent plus a few mantissa bits, a piecewise-linear log2), and each bin
 * holds the interpolant of the exact root at its Chebyshev nodes (each node solved by Newton's method to an ulp),
 * stored as a polynomial in {@code |x| − centre}. The hot path is a table index, six fused multiply-adds in
 * Horner's scheme and a copySign for negative values: no exp, log, division or data-dependent branch. When the
 * table is built every bin is checked against exact roots between its nodes; the mantissa bits are raised until
 * every bin is within {@value #FIT_TOLERANCE} of the exact root (relative to |y|), and if no resolution is good
 * enough (extreme parameters) every value takes the exact path. Values outside the table (0, below about
 * 1e-9·b⁻¹ in δ, above T·2^24, NaN, ±∞) take the slower iterated path. No allocation per value.
 */
final class BiexponentialScale {
    /** Scales already built, by transform kind and Gating-ML parameters (a table costs 10–30 milliseconds). */
    private static final java.util.Map<java.util.List<Object>, BiexponentialScale> CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 256;
    /** Degree of the polynomial in each bin. */
    static final int DEGREE = 6;
    /** Doubles per bin: the bin centre, then the polynomial's coefficients from the constant term up. */
    private static final int STRIDE = DEGREE + 2;
    /** Mantissa bits in the table index tried first (2^5 = 32 bins per octave), and the most tried. */
    private static final int FIRST_MANTISSA_BITS = 5;
    private static final int LAST_MANTISSA_BITS = 9;
    /** Largest error of a bin's polynomial against the exact root, relative to |y| (with y = x1 + δ). */
    static final double FIT_TOLERANCE = 1e-14;
    /** Octaves tabulated above the top of scale T (data up to T·2^24 covers any instrument). */
    private static final int OCTAVES_ABOVE_TOP = 24;
    /** Cap on the table length in octaves; smaller values than the table covers are solved iteratively. */
    private static final int MAX_OCTAVES = 120;

    private final double x1;
    private final double p;
    private final double b;
    private final double q;
    private final double d;
    private final double r;
    private final double slope0;

    /** 52 minus the mantissa bits in the table index. */
    private final int shift;
    private final long tableBase;
    /** Number of bins; 0 when no table met the tolerance (every value is then solved exactly). */
    private final int tableSize;
    private final double lowestNode;
    private final double highestNode;
    private final double[] table;
    /** The largest error of the chosen table found when it was checked (relative to |y|). */
    private final double fitError;

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
        // Table range: from where b·δ is about 1e-9 up to T·2^24.
        int lowExponent = Math.getExponent(value(1e-9 / b));
        int highExponent = Math.getExponent(top) + OCTAVES_ABOVE_TOP;
        lowExponent = Math.max(lowExponent, highExponent - MAX_OCTAVES);
        lowExponent = Math.max(lowExponent, Double.MIN_EXPONENT);
        highExponent = Math.min(highExponent, Double.MAX_EXPONENT - 1);
        Table chosen = null;
        for (int bits = FIRST_MANTISSA_BITS; bits <= LAST_MANTISSA_BITS && chosen == null; bits++) {
            Table t = fit(52 - bits, lowExponent, highExponent);
            if (t.error <= FIT_TOLERANCE) {
                chosen = t;
            }
        }
        if (chosen == null) {
            chosen = new Table(52 - FIRST_MANTISSA_BITS, 0, 0, new double[0], Double.NaN, Double.NaN, Double.NaN);
        }
        this.shift = chosen.shift;
        this.tableBase = chosen.base;
        this.tableSize = chosen.size;
        this.table = chosen.coefficients;
        this.fitError = chosen.error;
        this.lowestNode = chosen.lowest;
        this.highestNode = chosen.highest;
    }

    private record Table(int shift, long base, int size, double[] coefficients, double error, double lowest,
                         double highest) {
    }

    /** Chebyshev nodes on [-1, 1] in increasing order, and their cosines table for the coefficient transform. */
    private static final double[] NODES = new double[DEGREE + 1];
    private static final double[][] COSINES = new double[DEGREE + 1][DEGREE + 1];
    /** Monomial coefficients of the Chebyshev polynomials T_0 .. T_DEGREE (small integers, exact in double). */
    private static final double[][] CHEBYSHEV = new double[DEGREE + 1][DEGREE + 1];

    static {
        int n = DEGREE + 1;
        for (int j = 0; j < n; j++) {
            // j = 0 is the largest node; store ascending so roots are solved from left to right.
            double angle = Math.PI * (n - 1 - j + 0.5) / n;
            NODES[j] = Math.cos(angle);
            for (int k = 0; k < n; k++) {
                COSINES[k][j] = Math.cos(k * angle);
            }
        }
        CHEBYSHEV[0][0] = 1;
        CHEBYSHEV[1][1] = 1;
        for (int k = 2; k < n; k++) {
            for (int i = 0; i < n; i++) {
                double twoT = i > 0 ? 2 * CHEBYSHEV[k - 1][i - 1] : 0;
                CHEBYSHEV[k][i] = twoT - CHEBYSHEV[k - 2][i];
            }
        }
    }

    /**
     * Fits one polynomial per bin of 2^(52 − shift) bits per octave over [2^lowExponent, 2^highExponent) and
     * measures its error against exact roots at the bin edges and halfway between nodes.
     */
    private Table fit(int shift, int lowExponent, int highExponent) {
        long base = Double.doubleToRawLongBits(Math.scalb(1.0, lowExponent)) >>> shift;
        long end = Double.doubleToRawLongBits(Math.scalb(1.0, highExponent)) >>> shift;
        int size = (int) (end - base);
        double[] coefficients = new double[size * STRIDE];
        int n = DEGREE + 1;
        double[] roots = new double[n];
        double[] chebyshev = new double[n];
        double worst = 0;
        double delta = solveExactly(Double.longBitsToDouble(base << shift));
        for (int i = 0; i < size; i++) {
            double lo = Double.longBitsToDouble((base + i) << shift);
            double hi = Double.longBitsToDouble((base + i + 1) << shift);
            double mid = 0.5 * (lo + hi);
            double half = 0.5 * (hi - lo);
            double edge = delta;
            for (int j = 0; j < n; j++) {
                delta = newtonFrom(delta, mid + half * NODES[j]);
                roots[j] = delta;
            }
            // Transform the roots' differences from the middle root: the Chebyshev sums of the roots themselves
            // would carry rounding noise of the order of an ulp of δ into every coefficient.
            double centre = roots[n / 2];
            for (int k = 0; k < n; k++) {
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += (roots[j] - centre) * COSINES[k][j];
                }
                chebyshev[k] = (k == 0 ? 1.0 : 2.0) * s / n;
            }
            int at = i * STRIDE;
            coefficients[at] = mid;
            double scale = 1;
            for (int power = 0; power < n; power++) {
                double c = 0;
                for (int k = power; k < n; k++) {
                    c += chebyshev[k] * CHEBYSHEV[k][power];
                }
                coefficients[at + 1 + power] = (power == 0 ? centre + c : c) * scale;
                scale /= half;
            }
            // Check: both edges and the points halfway between consecutive nodes.
            worst = Math.max(worst, fitError(coefficients, at, lo, edge));
            for (int j = 0; j + 1 < n; j++) {
                double x = mid + half * 0.5 * (NODES[j] + NODES[j + 1]);
                worst = Math.max(worst, fitError(coefficients, at, x, newtonFrom(roots[j], x)));
            }
            delta = newtonFrom(delta, hi);
            worst = Math.max(worst, fitError(coefficients, at, Math.nextDown(hi), newtonFrom(roots[n - 1],
                    Math.nextDown(hi))));
        }
        double lowest = Double.longBitsToDouble(base << shift);
        double highest = Double.longBitsToDouble((base + size) << shift);
        return new Table(shift, base, size, coefficients, worst, lowest, highest);
    }

    private double fitError(double[] coefficients, int at, double x, double exact) {
        double approx = polynomial(coefficients, at, x);
        return Math.abs(approx - exact) / (Math.abs(exact) + Math.abs(x1));
    }

    /**
     * Whether the JVM turns {@link Math#fma} into one hardware instruction (x86 FMA3, ARMv8). Without it
     * {@code Math.fma} is computed in software, exactly but about a hundred times slower, so the table then uses a
     * separate multiply and add (a table is always checked with the form it is evaluated with).
     */
    private static final boolean HARDWARE_FMA = hardwareFma();

    private static boolean hardwareFma() {
        try {
            return Boolean.parseBoolean(java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("UseFMA")
                    .getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The bin's polynomial at |x| = ax (Horner; written out for {@link #DEGREE} = 6). */
    private static double polynomial(double[] t, int k, double ax) {
        double u = ax - t[k];
        if (HARDWARE_FMA) {
            double s = Math.fma(t[k + 7], u, t[k + 6]);
            s = Math.fma(s, u, t[k + 5]);
            s = Math.fma(s, u, t[k + 4]);
            s = Math.fma(s, u, t[k + 3]);
            s = Math.fma(s, u, t[k + 2]);
            return Math.fma(s, u, t[k + 1]);
        }
        double s = t[k + 7] * u + t[k + 6];
        s = s * u + t[k + 5];
        s = s * u + t[k + 4];
        s = s * u + t[k + 3];
        s = s * u + t[k + 2];
        return s * u + t[k + 1];
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

    /** The largest error of the table's polynomials found when it was built, relative to |y| (NaN: no table). */
    double fitError() {
        return fitError;
    }

    /** Bins per octave of the table in use (0: no table). */
    int binsPerOctave() {
        return tableSize == 0 ? 0 : 1 << (52 - shift);
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
        long index = (Double.doubleToRawLongBits(ax) >>> shift) - tableBase;
        if (index >= 0 && index < tableSize) {
            return x1 + Math.copySign(polynomial(table, (int) index * STRIDE, ax), x);
        }
        return scaleOutsideTable(x);
    }

    /** The forward transform by the bracketed root solver alone: slow, for checking the table. */
    double scaleExactly(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return scale(x);
        }
        double delta = solveExactly(Math.abs(x));
        return x1 + Math.copySign(delta, x);
    }

    /** Block form of {@link #scale(double)}. */
    void scale(double[] in, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = scale(in[i]);
        }
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
