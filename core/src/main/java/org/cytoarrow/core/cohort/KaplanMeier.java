package org.cytoarrow.core.cohort;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Kaplan-Meier estimator of a survival function from right-censored times, with Greenwood standard errors, pointwise
 * confidence limits and the median survival with its confidence limits. Data only: the curve is a list of steps a
 * plotting helper can draw.
 *
 * <ul>
 *   <li>S(t) = Π over event times t<sub>i</sub> &lt;= t of (1 - d<sub>i</sub>/n<sub>i</sub>), n<sub>i</sub> at risk
 *       just before t<sub>i</sub> (censored at t<sub>i</sub> counts as at risk at t<sub>i</sub>).</li>
 *   <li>Greenwood: Var(log S) = Σ d/(n(n - d)); SE(S) = S sqrt(Var(log S)) (NaN once S = 0).</li>
 *   <li>Limits ({@link ConfidenceType}): LOG (R {@code survfit}'s default) S exp(±z SE(log S)), upper capped at 1;
 *       LOG_LOG; PLAIN S ± z SE(S) within [0, 1].</li>
 *   <li>Median: the first event time with S &lt;= ½; if S is exactly ½ up to the next event time, the midpoint of
 *       the two (R's rule). Its limits: the first event times at which the lower and the upper limit curves reach
 *       ½ (NaN when they never do).</li>
 * </ul>
 */
public final class KaplanMeier {

    /** How pointwise confidence limits are formed. */
    public enum ConfidenceType {
        /** S ± z SE(S), clipped to [0, 1]. */
        PLAIN,
        /** exp(log S ± z SE(log S)), upper capped at 1 (R survfit default). */
        LOG,
        /** exp(-exp(log(-log S) ± z SE(log S)/log S)). */
        LOG_LOG
    }

    private KaplanMeier() {
    }

    /** 95% LOG limits. */
    public static SurvivalCurve fit(double[] time, boolean[] event) {
        return fit(time, event, 0.95, ConfidenceType.LOG);
    }

    /**
     * Fits the curve.
     *
     * @param time  follow-up times, finite and &gt;= 0
     * @param event true where the time is an event (death, progression), false where it is censored
     */
    public static SurvivalCurve fit(double[] time, boolean[] event, double confidence, ConfidenceType type) {
        if (time.length != event.length) {
            throw Checks.invalid("Kaplan-Meier needs one event flag per time; got " + time.length + " times and "
                    + event.length + " flags");
        }
        Checks.finite(time, "time");
        Checks.confidence(confidence);
        for (double t : time) {
            if (t < 0) {
                throw Checks.invalid("Survival times must be >= 0, got " + t);
            }
        }
        int n = time.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(time[a], time[b]));
        double z = NormalDistribution.of(0, 1).inverseSurvivalProbability((1 - confidence) / 2);
        List<SurvivalCurve.Step> steps = new ArrayList<>();
        int atRisk = n;
        double s = 1;
        double greenwood = 0;
        int totalEvents = 0;
        int i = 0;
        while (i < n) {
            double t = time[order[i]];
            int d = 0;
            int c = 0;
            while (i < n && time[order[i]] == t) {
                if (event[order[i]]) {
                    d++;
                } else {
                    c++;
                }
                i++;
            }
            if (d > 0) {
                s *= 1 - (double) d / atRisk;
                greenwood += atRisk == d ? Double.POSITIVE_INFINITY : (double) d / ((double) atRisk * (atRisk - d));
            }
            totalEvents += d;
            double seLog = Math.sqrt(greenwood);
            double se = s == 0 ? Double.NaN : s * seLog;
            double[] ci = limits(s, seLog, z, type);
            steps.add(new SurvivalCurve.Step(t, atRisk, d, c, s, se, ci[0], ci[1]));
            atRisk -= d + c;
        }
        double[] median = median(steps);
        return new SurvivalCurve(List.copyOf(steps), n, totalEvents, median[0], median[1], median[2], confidence,
                type);
    }

    private static double[] limits(double s, double seLog, double z, ConfidenceType type) {
        if (s == 0 || Double.isInfinite(seLog)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        if (seLog == 0) {
            return new double[] {s, s};
        }
        return switch (type) {
            case PLAIN -> new double[] {Math.max(0, s - z * s * seLog), Math.min(1, s + z * s * seLog)};
            case LOG -> new double[] {s * Math.exp(-z * seLog), Math.min(1, s * Math.exp(z * seLog))};
            case LOG_LOG -> {
                if (s == 1) {
                    yield new double[] {1, 1};
                }
                double l = Math.log(s);
                double a = Math.exp(-Math.exp(Math.log(-l) + z * seLog / l));
                double b = Math.exp(-Math.exp(Math.log(-l) - z * seLog / l));
                yield new double[] {Math.min(a, b), Math.max(a, b)};
            }
        };
    }

    /** [median, lower, upper] from the event steps. */
    private static double[] median(List<SurvivalCurve.Step> steps) {
        double median = Double.NaN;
        double low = Double.NaN;
        double high = Double.NaN;
        List<SurvivalCurve.Step> ev = steps.stream().filter(st -> st.events() > 0).toList();
        for (int k = 0; k < ev.size(); k++) {
            SurvivalCurve.Step st = ev.get(k);
            if (Double.isNaN(median) && st.survival() <= 0.5) {
                boolean exactlyHalf = Math.abs(st.survival() - 0.5) < 1e-12;
                median = exactlyHalf && k + 1 < ev.size() ? 0.5 * (st.time() + ev.get(k + 1).time()) : st.time();
            }
            if (Double.isNaN(low) && st.ciLow() <= 0.5) {
                low = st.time();
            }
            if (Double.isNaN(high) && st.ciHigh() <= 0.5) {
                high = st.time();
            }
        }
        return new double[] {median, low, high};
    }
}
