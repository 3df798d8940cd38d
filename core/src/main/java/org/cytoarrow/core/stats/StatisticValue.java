package org.cytoarrow.core.stats;

/**
 * The value of one {@link Statistic} for one population. NaN when undefined (empty population, zero denominator,
 * no positive value for the geometric mean, fewer than 2 values for an SD).
 */
public record StatisticValue(Statistic statistic, double value) {
}
