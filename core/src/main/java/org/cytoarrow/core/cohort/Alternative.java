package org.cytoarrow.core.cohort;

import org.apache.commons.statistics.inference.AlternativeHypothesis;

/** The alternative hypothesis of a test: which tail(s) the p-value covers. */
public enum Alternative {
    /** Locations (or the trend, or the correlation) differ in either direction. */
    TWO_SIDED,
    /** The first sample is shifted up (or: increasing trend, positive correlation). */
    GREATER,
    /** The first sample is shifted down (or: decreasing trend, negative correlation). */
    LESS;

    AlternativeHypothesis toCommons() {
        return switch (this) {
            case TWO_SIDED -> AlternativeHypothesis.TWO_SIDED;
            case GREATER -> AlternativeHypothesis.GREATER_THAN;
            case LESS -> AlternativeHypothesis.LESS_THAN;
        };
    }

    /** The p-value of a standard normal statistic {@code z} for this alternative. */
    double normalP(double z) {
        org.apache.commons.statistics.distribution.NormalDistribution n =
                org.apache.commons.statistics.distribution.NormalDistribution.of(0, 1);
        return switch (this) {
            case TWO_SIDED -> Math.min(1, 2 * n.survivalProbability(Math.abs(z)));
            case GREATER -> n.survivalProbability(z);
            case LESS -> n.cumulativeProbability(z);
        };
    }
}
