package org.cytoarrow.core.transform;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Reference arithmetic for the tests: exp and ln in BigDecimal at 60 significant digits, and the Gating-ML 2.0
 * logicle/hyperlog definitions written literally (a, b, c, d, f as in the specification, plain bisection on the
 * defining equation). Deliberately shares nothing with the production code path (no expm1 reformulation, no
 * table).
 */
final class HighPrecision {
    static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);
    static final BigDecimal TWO = BigDecimal.valueOf(2);
    static final BigDecimal LN10 = ln(BigDecimal.TEN);

    private HighPrecision() {
    }

    static BigDecimal bd(double v) {
        return new BigDecimal(v);
    }

    /** e^x: halve x until |x| < 1e-3, Taylor series, square back. */
    static BigDecimal exp(BigDecimal x) {
        int halvings = 0;
        BigDecimal r = x;
        BigDecimal limit = new BigDecimal("0.001");
        while (r.abs().compareTo(limit) > 0) {
            r = r.divide(TWO, MC);
            halvings++;
        }
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int n = 1; n < 22; n++) {
            term = term.multiply(r, MC).divide(BigDecimal.valueOf(n), MC);
            sum = sum.add(term, MC);
        }
        for (int i = 0; i < halvings; i++) {
            sum = sum.multiply(sum, MC);
        }
        return sum;
    }

    /** ln x for x > 0: Newton on e^y = x from the double estimate. */
    static BigDecimal ln(BigDecimal x) {
        BigDecimal y = bd(Math.log(x.doubleValue()));
        for (int i = 0; i < 6; i++) {
            BigDecimal e = exp(y);
            // y += 2 (x - e) / (x + e)  (Halley on exp)
            y = y.add(TWO.multiply(x.subtract(e, MC), MC).divide(x.add(e, MC), MC), MC);
        }
        return y;
    }

    /** Gating-ML 2.0 logicle parameters and B(y). */
    static final class Logicle {
        final BigDecimal x1;
        final BigDecimal a;
        final BigDecimal b;
        final BigDecimal c;
        final BigDecimal d;
        final BigDecimal f;

        Logicle(double t, double wDecades, double m, double aDecades) {
            BigDecimal bt = bd(t);
            BigDecimal mA = bd(m).add(bd(aDecades), MC);
            BigDecimal w = bd(wDecades).divide(mA, MC);
            BigDecimal x2 = bd(aDecades).divide(mA, MC);
            x1 = x2.add(w, MC);
            BigDecimal x0 = x2.add(w.multiply(TWO, MC), MC);
            b = mA.multiply(LN10, MC);
            // d: 2(ln d - ln b) + w(b + d) = 0 by bisection on (0, b]
            BigDecimal lo = BigDecimal.ZERO;
            BigDecimal hi = b;
            BigDecimal lnB = ln(b);
            for (int i = 0; i < 200; i++) {
                BigDecimal mid = lo.add(hi, MC).divide(TWO, MC);
                BigDecimal g = TWO.multiply(ln(mid).subtract(lnB, MC), MC).add(w.multiply(b.add(mid, MC), MC), MC);
                if (g.signum() < 0) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            d = lo.add(hi, MC).divide(TWO, MC);
            BigDecimal ca = exp(x0.multiply(b.add(d, MC), MC));
            BigDecimal fa = exp(b.multiply(x1, MC)).subtract(ca.multiply(exp(d.negate().multiply(x1, MC)), MC), MC);
            a = bt.divide(exp(b).subtract(fa, MC).subtract(ca.multiply(exp(d.negate()), MC), MC), MC);
            c = ca.multiply(a, MC);
            f = fa.multiply(a, MC);
        }

        /** B(y) for y >= x1, reflected below. */
        BigDecimal inverse(BigDecimal y) {
            if (y.compareTo(x1) < 0) {
                return upper(x1.multiply(TWO, MC).subtract(y, MC)).negate();
            }
            return upper(y);
        }

        private BigDecimal upper(BigDecimal y) {
            return a.multiply(exp(b.multiply(y, MC)), MC).subtract(c.multiply(exp(d.negate().multiply(y, MC)), MC), MC)
                    .subtract(f, MC);
        }

        double apply(double x) {
            return root(this::inverse, x1, bd(x)).doubleValue();
        }
    }

    /** Gating-ML 2.0 hyperlog parameters and EH(y). */
    static final class Hyperlog {
        final BigDecimal x1;
        final BigDecimal a;
        final BigDecimal b;
        final BigDecimal c;
        final BigDecimal f;

        Hyperlog(double t, double wDecades, double m, double aDecades) {
            BigDecimal mA = bd(m).add(bd(aDecades), MC);
            BigDecimal w = bd(wDecades).divide(mA, MC);
            BigDecimal x2 = bd(aDecades).divide(mA, MC);
            x1 = x2.add(w, MC);
            BigDecimal x0 = x2.add(w.multiply(TWO, MC), MC);
            b = mA.multiply(LN10, MC);
            BigDecimal e0 = exp(b.multiply(x0, MC));
            BigDecimal ca = e0.divide(w, MC);
            BigDecimal fa = exp(b.multiply(x1, MC)).add(ca.multiply(x1, MC), MC);
            a = bd(t).divide(exp(b).add(ca, MC).subtract(fa, MC), MC);
            c = ca.multiply(a, MC);
            f = fa.multiply(a, MC);
        }

        BigDecimal inverse(BigDecimal y) {
            if (y.compareTo(x1) < 0) {
                return upper(x1.multiply(TWO, MC).subtract(y, MC)).negate();
            }
            return upper(y);
        }

        private BigDecimal upper(BigDecimal y) {
            return a.multiply(exp(b.multiply(y, MC)), MC).add(c.multiply(y, MC), MC).subtract(f, MC);
        }

        double apply(double x) {
            return root(this::inverse, x1, bd(x)).doubleValue();
        }
    }

    /** The y with g(y) = x, g increasing, by bracketing then 130 bisection steps. */
    static BigDecimal root(java.util.function.UnaryOperator<BigDecimal> g, BigDecimal start, BigDecimal x) {
        BigDecimal lo = start;
        BigDecimal hi = start;
        BigDecimal step = new BigDecimal("0.25");
        if (x.signum() >= 0) {
            while (g.apply(hi).compareTo(x) < 0) {
                lo = hi;
                hi = hi.add(step, MC);
                step = step.multiply(TWO, MC);
            }
        } else {
            while (g.apply(lo).compareTo(x) > 0) {
                hi = lo;
                lo = lo.subtract(step, MC);
                step = step.multiply(TWO, MC);
            }
        }
        for (int i = 0; i < 130; i++) {
            BigDecimal mid = lo.add(hi, MC).divide(TWO, MC);
            if (g.apply(mid).compareTo(x) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo.add(hi, MC).divide(TWO, MC);
    }
}
