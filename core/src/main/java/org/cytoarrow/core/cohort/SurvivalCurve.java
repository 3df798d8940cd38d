package org.cytoarrow.core.cohort;

import java.util.List;

/**
 * A fitted Kaplan-Meier curve ({@link KaplanMeier}): one step per distinct time (event or censoring), ready to plot
 * as a right-continuous step function starting at S = 1 at time 0.
 *
 * @param steps      in increasing time
 * @param n          subjects
 * @param events     total events
 * @param median     median survival time, NaN if S never reaches ½
 * @param medianLow  lower confidence limit of the median, NaN if undefined
 * @param medianHigh upper confidence limit of the median, NaN if undefined ("not reached")
 * @param confidence level of all limits
 * @param type       how the pointwise limits were formed
 */
public record SurvivalCurve(List<Step> steps, int n, int events, double median, double medianLow, double medianHigh,
                            double confidence, KaplanMeier.ConfidenceType type) {

    /**
     * One step.
     *
     * @param time          the time
     * @param atRisk        subjects at risk just before {@code time}
     * @param events        events at {@code time}
     * @param censored      censorings at {@code time} (drawn as tick marks)
     * @param survival      S(time)
     * @param standardError Greenwood SE of S (NaN once S = 0)
     * @param ciLow         lower pointwise limit
     * @param ciHigh        upper pointwise limit
     */
    public record Step(double time, int atRisk, int events, int censored, double survival, double standardError,
                       double ciLow, double ciHigh) {
    }

    /** S(t): 1 before the first event, then the value of the last step at or before t. */
    public double survivalAt(double t) {
        double s = 1;
        for (Step st : steps) {
            if (st.time() > t) {
                break;
            }
            s = st.survival();
        }
        return s;
    }
}
