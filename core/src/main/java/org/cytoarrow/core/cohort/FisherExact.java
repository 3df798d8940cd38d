package org.cytoarrow.core.cohort;

import java.util.List;
import org.apache.commons.statistics.distribution.HypergeometricDistribution;
import org.apache.commons.statistics.inference.FisherExactTest;

/**
 * Fisher's exact test of a 2x2 table {@code [[a, b], [c, d]]} (rows: e.g. responder / non-responder; columns: e.g.
 * population present / absent), with the conditional maximum-likelihood odds ratio and its exact confidence interval.
 *
 * <p>Conditional on the margins, a follows the non-central hypergeometric distribution with odds ratio ψ.
 * p (Apache Commons Statistics {@code FisherExactTest}): two-sided = sum of the null probabilities of tables no more
 * likely than the observed one, as R's {@code fisher.test}. Estimate: the ψ at which E(a | ψ) = a (conditional MLE,
 * R's "odds ratio"; 0 or ∞ at the ends of the support). Interval (Cornfield-type exact limits, as R): the ψ with
 * P(A &gt;= a | ψ) = α/2 (lower) and P(A &lt;= a | ψ) = α/2 (upper); one-sided alternatives use α on their side and
 * 0 or ∞ on the other.
 */
public final class FisherExact {
    private FisherExact() {
    }

    /** Two-sided test with a 95% interval. */
    public static Result test(int a, int b, int c, int d) {
        return test(a, b, c, d, Alternative.TWO_SIDED, 0.95);
    }

    /** The test; {@code GREATER}: odds ratio above 1. */
    public static Result test(int a, int b, int c, int d, Alternative alternative, double confidence) {
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            throw Checks.invalid("2x2 table counts must be >= 0, got [[" + a + ", " + b + "], [" + c + ", " + d + "]]");
        }
        Checks.confidence(confidence);
        int n = a + b + c + d;
        if (n == 0) {
            throw Checks.invalid("2x2 table is empty");
        }
        double p = FisherExactTest.withDefaults().with(alternative.toCommons())
                .test(new int[][] {{a, b}, {c, d}}).getPValue();
        Noncentral nc = new Noncentral(a + c, b + d, a + b);
        double estimate = nc.mle(a);
        double alpha = 1 - confidence;
        double low = 0;
        double high = Double.POSITIVE_INFINITY;
        if (alternative != Alternative.LESS) {
            low = nc.lowerLimit(a, alternative == Alternative.TWO_SIDED ? alpha / 2 : alpha);
        }
        if (alternative != Alternative.GREATER) {
            high = nc.upperLimit(a, alternative == Alternative.TWO_SIDED ? alpha / 2 : alpha);
        }
        double sample = (double) a * d / ((double) b * c);
        return new Result(a, b, c, d, p, alternative, estimate, low, high, confidence, sample);
    }

    /** The non-central hypergeometric distribution of a given the margins. */
    private static final class Noncentral {
        final int lo;
        final int hi;
        final double[] logWeight; // log of the central pmf over lo..hi

        Noncentral(int m, int n, int k) {
            lo = Math.max(0, k - n);
            hi = Math.min(k, m);
            HypergeometricDistribution h = HypergeometricDistribution.of(m + n, m, k);
            logWeight = new double[hi - lo + 1];
            for (int x = lo; x <= hi; x++) {
                logWeight[x - lo] = h.logProbability(x);
            }
        }

        /** Probabilities over lo..hi for odds ratio exp(t). */
        double[] pmf(double t) {
            double[] w = new double[logWeight.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < w.length; i++) {
                w[i] = logWeight[i] + (lo + i) * t;
                max = Math.max(max, w[i]);
            }
            double sum = 0;
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.exp(w[i] - max);
                sum += w[i];
            }
            for (int i = 0; i < w.length; i++) {
                w[i] /= sum;
            }
            return w;
        }

        double mean(double t) {
            double[] f = pmf(t);
            double m = 0;
            for (int i = 0; i < f.length; i++) {
                m += (lo + i) * f[i];
            }
            return m;
        }

        double upperTail(int x, double t) { // P(A >= x)
            double[] f = pmf(t);
            double s = 0;
            for (int i = x - lo; i < f.length; i++) {
                s += f[i];
            }
            return s;
        }

        double lowerTail(int x, double t) { // P(A <= x)
            double[] f = pmf(t);
            double s = 0;
            for (int i = 0; i <= x - lo; i++) {
                s += f[i];
            }
            return s;
        }

        double mle(int x) {
            if (x == lo) {
                return 0;
            }
            if (x == hi) {
                return Double.POSITIVE_INFINITY;
            }
            return Math.exp(solveIncreasing(t -> mean(t), x));
        }

        double lowerLimit(int x, double alpha) {
            if (x == lo) {
                return 0;
            }
            return Math.exp(solveIncreasing(t -> upperTail(x, t), alpha));
        }

        double upperLimit(int x, double alpha) {
            if (x == hi) {
                return Double.POSITIVE_INFINITY;
            }
            return Math.exp(solveIncreasing(t -> -lowerTail(x, t), -alpha));
        }

        /** Bisection for f(t) = target, f increasing in t = log ψ. */
        private static double solveIncreasing(java.util.function.DoubleUnaryOperator f, double target) {
            double a = -1;
            double b = 1;
            while (f.applyAsDouble(a) > target && a > -700) {
                a *= 2;
            }
            while (f.applyAsDouble(b) < target && b < 700) {
                b *= 2;
            }
            for (int i = 0; i < 200 && b - a > 1e-13 * Math.max(1, Math.abs(a)); i++) {
                double mid = 0.5 * (a + b);
                if (f.applyAsDouble(mid) < target) {
                    a = mid;
                } else {
                    b = mid;
                }
            }
            return 0.5 * (a + b);
        }
    }

    /**
     * The outcome for the table {@code [[a, b], [c, d]]}.
     *
     * @param p               p-value for {@code alternative}
     * @param oddsRatio       conditional MLE of the odds ratio
     * @param ciLow           lower confidence limit
     * @param ciHigh          upper confidence limit
     * @param confidence      requested level
     * @param sampleOddsRatio ad / bc (may be 0, ∞ or NaN)
     */
    public record Result(int a, int b, int c, int d, double p, Alternative alternative, double oddsRatio,
                         double ciLow, double ciHigh, double confidence, double sampleOddsRatio)
            implements CohortResult {

        /** One row with the conditional MLE as statistic and estimate. */
        @Override
        public List<CohortRow> rows(String endpoint, String grouping) {
            return List.of(new CohortRow(endpoint, grouping, "2x2", "fisher_exact", oddsRatio, p, Double.NaN,
                    oddsRatio, ciLow, ciHigh, a + b + c + d));
        }
    }
}
