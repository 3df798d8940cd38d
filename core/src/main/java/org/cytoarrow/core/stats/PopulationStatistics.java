package org.cytoarrow.core.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.cytoarrow.core.CytoException;
import org.cytoarrow.core.EventMask;

/**
 * Exact population statistics over one column of event values restricted to an {@link EventMask}: pure functions,
 * thread-safe, heap only.
 *
 * <p>The caller chooses the values (raw, scaled, compensated or transformed: statistics are taken on whatever scale
 * is passed, so the median of transformed values is the transform of the raw median but the mean is not). The
 * member values are copied once into a scratch array; nothing is binned.
 *
 * <h2>Definitions</h2>
 * Let x<sub>1..n</sub> be the member values that are not NaN ({@code valueCount}); NaN members are counted in
 * {@code count} and {@code nanExcluded} but left out of every value statistic. Infinite values take part (and
 * usually make the mean and SD infinite or NaN).
 * <ul>
 *   <li><b>count</b>: events in the mask. <b>freq_parent</b> = 100 × count / count(parent);
 *       <b>freq_total</b> = 100 × count / events in the sample (the mask size); <b>freq_of:A</b> = 100 ×
 *       count(population ∧ A) / count(A). NaN when the denominator is 0.</li>
 *   <li><b>mean</b>: corrected two-pass algorithm (Chan, Golub &amp; LeVeque 1983, "Algorithms for computing the
 *       sample variance", Am. Stat. 37:242): mean = Σx/n, then refined by Σ(x - mean)/n, which also feeds
 *       <b>sd</b> = sqrt((Σ(x - m)² - (Σ(x - m))²/n) / (n - 1)), the sample SD (NaN for n &lt; 2).</li>
 *   <li><b>cv</b> = 100 × sd / mean (percent; NaN when the mean is 0).</li>
 *   <li><b>gmean</b> = exp(mean(ln x)) over the values x &gt; 0 only; values &lt;= 0 have no logarithm and are
 *       excluded, their number reported as {@code nonPositiveExcluded}. NaN when no value is positive. Tools differ in
 *       how they treat values &lt;= 0; this one excludes them and says how many, so on compensated data with
 *       many negatives prefer the median.</li>
 *   <li><b>Percentiles</b>: Hyndman &amp; Fan (1996) type 7, the default of R's {@code quantile()} and NumPy's
 *       {@code percentile(method="linear")}: with the values sorted ascending, h = (n - 1) p / 100 (0-based) and
 *       P<sub>p</sub> = x<sub>(⌊h⌋)</sub> + (h - ⌊h⌋)(x<sub>(⌊h⌋+1)</sub> - x<sub>(⌊h⌋)</sub>).
 *       P0 = min, P100 = max. <b>median</b> = P50.</li>
 *   <li><b>rsd</b> (robust SD, FlowJo's definition) = (P84.13 - P15.87) / 2, which equals σ for a normal
 *       distribution; <b>rcv</b> = 100 × rsd / median (percent; NaN when the median is 0). Both percentiles use
 *       the type 7 rule above.</li>
 *   <li><b>min</b>, <b>max</b>: extreme values.</li>
 * </ul>
 * All value statistics are NaN for an empty population.
 *
 * <h2>Cost</h2>
 * One pass over the mask's words to gather members (into a per-thread scratch array); one pass for the sum (four
 * partial sums, added at the end), and a pass moving NaN aside only when that sum is NaN; a min/max pass only for min
 * or max; a deviation pass only for mean, SD or CV; a logarithm pass only for the geometric mean; and, only when an
 * order statistic is asked for, one multi-rank selection on the copy ({@code Selection.selectAll}: no full sort).
 */
public final class PopulationStatistics {

    /** Lower percentile of the robust SD: 100 Φ(-1) rounded to two decimals, as in FlowJo's definition. */
    public static final double ROBUST_LOW = 15.87;
    /** Upper percentile of the robust SD: 100 Φ(1) rounded to two decimals. */
    public static final double ROBUST_HIGH = 84.13;

    /** Every statistic that needs no named ancestor, in a sensible column order. */
    public static final List<Statistic> STANDARD = List.of(Statistic.COUNT, Statistic.FREQ_PARENT,
            Statistic.FREQ_TOTAL, Statistic.MEAN, Statistic.MEDIAN, Statistic.GEOMETRIC_MEAN, Statistic.SD,
            Statistic.CV, Statistic.ROBUST_SD, Statistic.ROBUST_CV, Statistic.MIN, Statistic.MAX);

    private PopulationStatistics() {
    }

    /**
     * Computes the requested statistics of the population {@code mask} over {@code values}.
     *
     * @param values     one value per event of the sample ({@code values.length == mask.size()}); may be null
     *                   when only count and frequencies are requested
     * @param mask       the population
     * @param lineage    parent and named ancestors (for the frequencies); {@link Lineage#root()} if none
     * @param statistics what to compute, in output order
     * @throws CytoException (code {@code INVALID_ARGUMENT}) on mismatched sizes, missing values or an unknown
     *                       ancestor name
     */
    public static StatisticValues compute(double[] values, EventMask mask, Lineage lineage,
                                          List<Statistic> statistics) {
        boolean needValues = false;
        for (Statistic s : statistics) {
            needValues |= s.needsValues();
        }
        int count = mask.count();
        Moments m = null;
        double[] members = null;
        int nan = 0;
        if (needValues) {
            checkValues(values, mask);
            members = gather(values, mask, count, SCRATCH.get(count));
            m = moments(members, count, needs(statistics, Statistic.Kind.GEOMETRIC_MEAN),
                    needs(statistics, Statistic.Kind.MEAN) || needs(statistics, Statistic.Kind.SD)
                            || needs(statistics, Statistic.Kind.CV),
                    needs(statistics, Statistic.Kind.MIN) || needs(statistics, Statistic.Kind.MAX));
            nan = count - m.n;
            double[] order = orderStatistics(members, m.n, percentilesNeeded(statistics));
            m = m.withPercentiles(order);
        }
        List<StatisticValue> out = new ArrayList<>(statistics.size());
        for (Statistic s : statistics) {
            out.add(new StatisticValue(s, value(s, count, mask, lineage, m)));
        }
        int n = m == null ? count - nan : m.n;
        return new StatisticValues(count, n, nan, m == null ? 0 : m.nonPositive, out);
    }

    /** All {@link #STANDARD} statistics of a root-level population. */
    public static StatisticValues summarize(double[] values, EventMask mask) {
        return compute(values, mask, Lineage.root(), STANDARD);
    }

    /** The {@code p}-th percentile (type 7, see the class comment) of the non-NaN member values; NaN if none. */
    public static double percentile(double[] values, EventMask mask, double p) {
        return compute(values, mask, Lineage.root(), List.of(Statistic.percentile(p))).values().get(0).value();
    }

    /** The median of the non-NaN member values; NaN if none. */
    public static double median(double[] values, EventMask mask) {
        return percentile(values, mask, 50);
    }

    /** 100 × count(population ∧ ancestor) / count(ancestor); NaN when the ancestor is empty. */
    public static double percentOf(EventMask population, EventMask ancestor) {
        int denominator = ancestor.count();
        return denominator == 0 ? Double.NaN : 100.0 * population.and(ancestor).count() / denominator;
    }

    /**
     * The type 7 percentiles (see the class comment) of the non-NaN entries of a plain array, in the order of
     * {@code ps}; NaN each when there is no such entry. {@code values} is not modified.
     */
    public static double[] percentiles(double[] values, double... ps) {
        for (double p : ps) {
            if (!(p >= 0 && p <= 100)) {
                throw new CytoException("INVALID_ARGUMENT", null, null, "Percentile must be in [0, 100], was " + p);
            }
        }
        double[] a = SCRATCH.get(values.length);
        System.arraycopy(values, 0, a, 0, values.length);
        int n = moveNaNToEnd(a, values.length);
        double[] pv = orderStatistics(a, n, ps);
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            for (int j = 0; j < pv.length; j += 2) {
                if (pv[j] == ps[i]) {
                    out[i] = pv[j + 1];
                }
            }
        }
        return out;
    }

    private static double value(Statistic s, int count, EventMask mask, Lineage lineage, Moments m) {
        return switch (s.kind()) {
            case COUNT -> count;
            case FREQ_PARENT -> lineage.parent() == null ? ratio(count, mask.size())
                    : percentOf(mask, checkedSize(lineage.parent(), mask, "parent"));
            case FREQ_TOTAL -> ratio(count, mask.size());
            case FREQ_OF -> percentOf(mask, ancestor(lineage, s.ancestor(), mask));
            case MEAN -> m.mean;
            case SD -> m.sd;
            case CV -> m.mean == 0 ? Double.NaN : 100 * m.sd / m.mean;
            case GEOMETRIC_MEAN -> m.gmean;
            case MIN -> m.min;
            case MAX -> m.max;
            case MEDIAN -> m.percentile(50);
            case PERCENTILE -> m.percentile(s.percentile());
            case ROBUST_SD -> robustSd(m);
            case ROBUST_CV -> {
                double median = m.percentile(50);
                yield median == 0 ? Double.NaN : 100 * robustSd(m) / median;
            }
        };
    }

    private static double robustSd(Moments m) {
        return 0.5 * (m.percentile(ROBUST_HIGH) - m.percentile(ROBUST_LOW));
    }

    private static double ratio(int count, int total) {
        return total == 0 ? Double.NaN : 100.0 * count / total;
    }

    private static EventMask ancestor(Lineage lineage, String name, EventMask mask) {
        EventMask a = lineage.ancestors().get(name);
        if (a == null) {
            throw new CytoException("INVALID_ARGUMENT", null, name, "No ancestor population named '" + name
                    + "' for freq_of; known: " + lineage.ancestors().keySet());
        }
        return checkedSize(a, mask, "ancestor " + name);
    }

    private static EventMask checkedSize(EventMask other, EventMask mask, String what) {
        if (other.size() != mask.size()) {
            throw new CytoException("INVALID_ARGUMENT", null, what, "The " + what + " mask has " + other.size()
                    + " events but the population mask has " + mask.size());
        }
        return other;
    }

    private static void checkValues(double[] values, EventMask mask) {
        if (values == null) {
            throw new CytoException("INVALID_ARGUMENT", null, null,
                    "Value statistics were requested but no values were given");
        }
        if (values.length != mask.size()) {
            throw new CytoException("INVALID_ARGUMENT", null, null, "Got " + values.length
                    + " values for a mask of " + mask.size() + " events");
        }
    }

    /** Per thread, the array member values are gathered and selected in (reused up to 8 MB). */
    private static final ThreadScratch SCRATCH = new ThreadScratch(1024, 1 << 20);

    /** Copies the member values of {@code mask} ({@code count} of them) to the start of {@code out}. */
    static double[] gather(double[] values, EventMask mask, int count, double[] out) {
        int k = 0;
        for (int w = 0, words = EventMask.wordCount(mask.size()); w < words; w++) {
            long bits = mask.word(w);
            int base = w << 6;
            if (bits == -1L) {
                System.arraycopy(values, base, out, k, 64);
                k += 64;
                continue;
            }
            while (bits != 0) {
                out[k++] = values[base + Long.numberOfTrailingZeros(bits)];
                bits &= bits - 1;
            }
        }
        return out;
    }

    /** Moves the NaN among {@code a[0, length)} to its end; returns the number of other values. */
    private static int moveNaNToEnd(double[] a, int length) {
        int n = length;
        int i = 0;
        while (i < n) {
            if (Double.isNaN(a[i])) {
                n--;
                a[i] = a[n];
                a[n] = Double.NaN;
            } else {
                i++;
            }
        }
        return n;
    }

    private static double[] percentilesNeeded(List<Statistic> statistics) {
        double[] ps = new double[statistics.size() + 2];
        int k = 0;
        for (Statistic s : statistics) {
            switch (s.kind()) {
                case MEDIAN -> ps[k++] = 50;
                case PERCENTILE -> ps[k++] = s.percentile();
                case ROBUST_SD -> {
                    ps = ensure(ps, k + 2);
                    ps[k++] = ROBUST_LOW;
                    ps[k++] = ROBUST_HIGH;
                }
                case ROBUST_CV -> {
                    ps = ensure(ps, k + 3);
                    ps[k++] = ROBUST_LOW;
                    ps[k++] = ROBUST_HIGH;
                    ps[k++] = 50;
                }
                default -> {
                }
            }
        }
        return Arrays.copyOf(ps, k);
    }

    private static double[] ensure(double[] a, int size) {
        return a.length >= size ? a : Arrays.copyOf(a, Math.max(size, 2 * a.length));
    }

    /**
     * Returns pairs (p, value) flattened: {@code [p0, v0, p1, v1, ...]} for the distinct requested percentiles.
     */
    private static double[] orderStatistics(double[] a, int n, double[] ps) {
        double[] distinct = Arrays.stream(ps).distinct().sorted().toArray();
        double[] out = new double[2 * distinct.length];
        if (distinct.length == 0) {
            return out;
        }
        if (n == 0) {
            for (int i = 0; i < distinct.length; i++) {
                out[2 * i] = distinct[i];
                out[2 * i + 1] = Double.NaN;
            }
            return out;
        }
        int[] ranks = new int[2 * distinct.length];
        int r = 0;
        for (double p : distinct) {
            double h = (n - 1) * (p / 100.0);
            int lo = (int) Math.floor(h);
            ranks[r++] = lo;
            if (h > lo && lo + 1 < n) {
                ranks[r++] = lo + 1;
            }
        }
        int[] unique = Arrays.stream(ranks, 0, r).distinct().sorted().toArray();
        Selection.selectAll(a, n, unique);
        for (int i = 0; i < distinct.length; i++) {
            double p = distinct[i];
            double h = (n - 1) * (p / 100.0);
            int lo = (int) Math.floor(h);
            double frac = h - lo;
            double v = a[lo];
            if (frac > 0 && lo + 1 < n) {
                v = v + frac * (a[lo + 1] - v);
            }
            out[2 * i] = p;
            out[2 * i + 1] = v;
        }
        return out;
    }

    private static boolean needs(List<Statistic> statistics, Statistic.Kind kind) {
        for (Statistic s : statistics) {
            if (s.kind() == kind) {
                return true;
            }
        }
        return false;
    }

    /**
     * The moments of the member values {@code a[0, count)}, after moving their NaN to the end ({@link Moments#n}
     * is the number of the others). First the sum and the count of values &lt;= 0 (always reported) in one pass,
     * which also tells whether there is NaN to move: the sum is NaN only then or when both infinities are present,
     * so the pass that moves NaN, and the sum's second pass after it, run only in those cases. Min and max only
     * when asked for; the deviation pass (which refines the mean and gives the SD) only when the mean, SD or CV is
     * wanted; and the logarithms (the costly part) only for the geometric mean.
     */
    private static Moments moments(double[] a, int count, boolean wantLog, boolean wantDeviations,
                                   boolean wantExtremes) {
        double[] sum = new double[1];
        int nonPositive = sum(a, count, sum);
        int n = count;
        if (Double.isNaN(sum[0])) {
            n = moveNaNToEnd(a, count);
            if (n < count) {
                nonPositive = sum(a, n, sum);
            }
        }
        if (n == 0) {
            return new Moments(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, null);
        }
        double mean = sum[0] / n;
        double min = Double.NaN;
        double max = Double.NaN;
        if (wantExtremes) {
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                min = Math.min(min, a[j]);
                max = Math.max(max, a[j]);
            }
        }
        double gmean = Double.NaN;
        if (wantLog && nonPositive < n) {
            double logSum = 0;
            for (int j = 0; j < n; j++) {
                double x = a[j];
                if (x > 0) {
                    logSum += Math.log(x);
                }
            }
            gmean = Math.exp(logSum / (n - nonPositive));
        }
        double sd = Double.NaN;
        if (wantDeviations) {
            double d0 = 0;
            double d1 = 0;
            double q0 = 0;
            double q1 = 0;
            int j = 0;
            for (; j + 1 < n; j += 2) {
                double e0 = a[j] - mean;
                double e1 = a[j + 1] - mean;
                d0 += e0;
                d1 += e1;
                q0 += e0 * e0;
                q1 += e1 * e1;
            }
            if (j < n) {
                double e = a[j] - mean;
                d0 += e;
                q0 += e * e;
            }
            double dev = d0 + d1;
            double dev2 = q0 + q1;
            sd = n < 2 ? Double.NaN : Math.sqrt(Math.max(0, (dev2 - dev * dev / n) / (n - 1)));
            if (Double.isFinite(mean)) {
                mean += dev / n; // the correction term of the two-pass algorithm
            }
        }
        return new Moments(n, mean, sd, gmean, min, max, nonPositive, null);
    }

    /**
     * Puts the sum of {@code a[0, n)} in {@code sum[0]} and returns how many of those values are &lt;= 0. Four partial
     * sums: one running sum waits for each addition to finish, four keep the adder busy.
     */
    private static int sum(double[] a, int n, double[] sum) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int nonPositive = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double x0 = a[i];
            double x1 = a[i + 1];
            double x2 = a[i + 2];
            double x3 = a[i + 3];
            s0 += x0;
            s1 += x1;
            s2 += x2;
            s3 += x3;
            nonPositive += nonPositive(x0) + nonPositive(x1) + nonPositive(x2) + nonPositive(x3);
        }
        for (; i < n; i++) {
            s0 += a[i];
            nonPositive += nonPositive(a[i]);
        }
        sum[0] = (s0 + s1) + (s2 + s3);
        return nonPositive;
    }

    /** 1 when a (non-NaN) value is &lt;= 0 (-0.0 and 0.0 included), else 0; without a branch. */
    private static int nonPositive(double x) {
        long bits = Double.doubleToRawLongBits(x);
        return (int) (((bits - 1) | bits) >>> 63);
    }

    /** Single-pass moments plus the percentiles picked by selection, as (p, value) pairs. */
    private record Moments(int n, double mean, double sd, double gmean, double min, double max, int nonPositive,
                           double[] percentiles) {
        Moments withPercentiles(double[] pv) {
            return new Moments(n, mean, sd, gmean, min, max, nonPositive, pv);
        }

        double percentile(double p) {
            for (int i = 0; i < percentiles.length; i += 2) {
                if (percentiles[i] == p) {
                    return percentiles[i + 1];
                }
            }
            throw new IllegalStateException("Percentile " + p + " was not selected");
        }
    }
}
